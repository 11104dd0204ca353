using Bandit.Allocation;
using Bandit.Replay.Simulation;

namespace Bandit.Replay.Evaluation;

/// <summary>One row of the off-policy table: "always <paramref name="Target"/>" estimated from the first seed's log of
/// <paramref name="Log"/>, and over every seed's log the share of 95% intervals that cover the truth.</summary>
public sealed record OffPolicyRow(string Environment, string Log, string Target, double Truth, OffPolicyEstimate Ips, OffPolicyEstimate Snips,
    double IpsCoverage, double SnipsCoverage, double MeanEss);

/// <summary>One row of the Li et al. table: the replay estimate over seeds against the full-information value.</summary>
public sealed record LiRow(string Policy, double Truth, Spread Estimate, double MeanMatched, double WithinTwoSe);

/// <summary>Builds the off-policy and Li et al. tables from a comparison.</summary>
public static class OffPolicyReport
{
    /// <summary>The value of "always arm a": its mean expected reward over the horizon.</summary>
    public static double Truth(IRewardEnvironment environment, int arm) =>
        Enumerable.Range(0, environment.Horizon).Average(t => environment.Mean(t, arm));

    public static IReadOnlyList<OffPolicyRow> Rows(Comparison comparison, IReadOnlyList<string> armNames, params string[] logs)
    {
        var rows = new List<OffPolicyRow>();
        foreach (var logName in logs)
        {
            var result = comparison[logName];
            // Cluster by user: on the replay a user comes back many times (and the hash split keeps them on one arm).
            var users = Enumerable.Range(0, comparison.Environment.Horizon).Select(comparison.Environment.UserKey).ToArray();
            for (var arm = 0; arm < comparison.Environment.ArmCount; arm++)
            {
                var truth = Truth(comparison.Environment, arm);
                var ips = result.Logs.Select(l => OffPolicyEstimator.Ips(l.Arms, l.Propensities, l.Rewards, arm, users)).ToArray();
                var snips = result.Logs.Select(l => OffPolicyEstimator.SelfNormalised(l.Arms, l.Propensities, l.Rewards, arm, users)).ToArray();
                rows.Add(new OffPolicyRow(comparison.Environment.Name, logName, armNames[arm], truth, ips[0], snips[0],
                    ips.Average(e => e.Covers(truth) ? 1.0 : 0.0), snips.Average(e => e.Covers(truth) ? 1.0 : 0.0), ips.Average(e => e.EffectiveSampleSize)));
            }
        }

        return rows;
    }

    /// <summary>Li et al. estimates of the fixed arms and of every strategy from <paramref name="seeds"/> uniform logs.</summary>
    public static IReadOnlyList<LiRow> Li(Comparison comparison, IReadOnlyList<string> armNames, int seeds, int refreshEvery)
    {
        var environment = comparison.Environment;
        var logs = Enumerable.Range(1, seeds).Select(s => LiReplayEstimator.UniformLog(environment, 10_000 + s)).ToArray();
        var rows = new List<LiRow>();
        for (var arm = 0; arm < environment.ArmCount; arm++)
        {
            var estimates = logs.Select(l => LiReplayEstimator.FixedArm(l, arm, armNames[arm])).ToArray();
            var truth = Truth(environment, arm);
            rows.Add(new LiRow($"always {armNames[arm]}", truth, Spread.Of([.. estimates.Select(e => e.Value)]), estimates.Average(e => e.Matched),
                estimates.Average(e => Math.Abs(e.Value - truth) <= 2 * e.StandardError ? 1.0 : 0.0)));
        }

        foreach (var result in comparison.Strategies)
        {
            var estimates = new LiEstimate[seeds];
            Parallel.For(0, seeds, s => estimates[s] = LiReplayEstimator.Strategy(logs[s], AllocationStrategies.Get(result.Strategy),
                BanditSimulator.ConfigFor(result.Strategy, s + 1, environment.ArmNames, comparison.HalfLife), environment, s + 1));
            // The full-information value of a learning strategy: its mean reward per decision in the simulated runs.
            var truth = result.Runs.Average(r => r.TotalReward) / environment.Horizon;
            rows.Add(new LiRow(result.Strategy, truth, Spread.Of([.. estimates.Select(e => e.Value)]), estimates.Average(e => e.Matched),
                estimates.Average(e => Math.Abs(e.Value - truth) <= 2 * e.StandardError ? 1.0 : 0.0)));
        }

        return rows;
    }
}
