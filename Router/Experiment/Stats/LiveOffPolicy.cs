using Bandit.Allocation;
using Bandit.Router.Store;

namespace Bandit.Router.Experiment.Stats;

/// <summary>
/// Off-policy value of each "always arm k" policy and of the uniform policy from the live decision/reward stream.
/// Read from the stream (not a new store counter) because the estimates need every decision's arm, propensity, user
/// and reward; the stream already holds them in both stores. A decision whose reward has not arrived (or never will:
/// no click) counts as reward 0, as the Router's own CTR does. Decisions before the last reset are left out.
/// </summary>
public static class LiveOffPolicy
{
    /// <summary>Below this effective sample size the 95% interval is not trusted: the normal approximation behind
    /// ±1.96 SE needs roughly 100 effective observations, and the replay showed a starved arm at ESS 11–14 with
    /// intervals that missed the truth.</summary>
    public const double MinimumEss = 100;

    public static OffPolicyResponse Estimate(IReadOnlyList<BanditEvent> events, IReadOnlyList<string> armNames, int window)
    {
        var lastReset = -1;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Type == BanditEventTypes.Reset)
            {
                lastReset = i;
            }
        }

        var rewards = new Dictionary<string, double>(StringComparer.Ordinal);
        var failed = new HashSet<string>(StringComparer.Ordinal);
        var decisions = new List<BanditEvent>();
        for (var i = lastReset + 1; i < events.Count; i++)
        {
            var e = events[i];
            switch (e.Type)
            {
                case BanditEventTypes.Decision when e.DecisionId is not null && e.Propensity > 0 && e.Arm is not null:
                    decisions.Add(e);
                    break;
                case BanditEventTypes.Reward when e.DecisionId is not null:
                    rewards[e.DecisionId] = e.Reward ?? 0;
                    break;
                case BanditEventTypes.Failure when e.DecisionId is not null:
                    failed.Add(e.DecisionId);
                    break;
            }
        }

        // A failed decision served nothing: it is no sample of any policy's value.
        var kept = decisions.Where(d => !failed.Contains(d.DecisionId!)).TakeLast(window).ToArray();
        var index = armNames.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        kept = [.. kept.Where(d => index.ContainsKey(d.Arm!))];
        var arms = kept.Select(d => index[d.Arm!]).ToArray();
        var propensities = kept.Select(d => d.Propensity!.Value).ToArray();
        var r = kept.Select(d => rewards.GetValueOrDefault(d.DecisionId!)).ToArray();
        var users = kept.Select(d => d.UserKey ?? d.DecisionId!).ToArray();

        var policies = new List<OffPolicyRowResponse>();
        for (var k = 0; k < armNames.Count; k++)
        {
            policies.Add(Row($"always {armNames[k]}", OffPolicyEstimator.Weights(arms, propensities, k), r, users));
        }

        policies.Add(Row("uniform", OffPolicyEstimator.UniformWeights(propensities, armNames.Count), r, users));
        var warnings = policies.Where(p => !(p.Ess >= MinimumEss)).Select(p =>
            $"{p.Policy}: effective sample size {p.Ess:0.#} is below {MinimumEss:0}; its interval is not to be trusted.").ToArray();
        return new OffPolicyResponse(window, kept.Length, MinimumEss, policies, warnings);
    }

    private static OffPolicyRowResponse Row(string policy, double[] w, double[] rewards, string[] users)
    {
        var ips = OffPolicyEstimator.Ips(w, rewards, users);
        var snips = OffPolicyEstimator.SelfNormalised(w, rewards, users);
        // No decision the policy would have made (an arm just added, or never chosen since the reset): IPS is then 0 with
        // standard error 0, an interval [0, 0] that claims certainty from no evidence; like SNIPS, it is left out.
        return new OffPolicyRowResponse(policy, ips.Matched > 0 ? ToInterval(ips) : null, ToInterval(snips), ips.EffectiveSampleSize, ips.Matched);
    }

    private static OffPolicyIntervalResponse? ToInterval(OffPolicyEstimate e) =>
        double.IsNaN(e.Value) ? null : new OffPolicyIntervalResponse(e.Value, e.StandardError, e.Lower95, e.Upper95);
}
