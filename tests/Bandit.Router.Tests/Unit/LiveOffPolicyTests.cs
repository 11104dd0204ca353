using Bandit.Router.Experiment.Stats;
using Bandit.Router.Store;

namespace Bandit.Router.Tests.Unit;

public sealed class LiveOffPolicyTests
{
    private static readonly string[] _arms = ["A", "B"];

    [Fact]
    public void Estimate_UniformLog_CoversEachArmsTrueCtrAndWeighsUniformAsOne()
    {
        var events = UniformLog(decisions: 4000, seed: 3);

        var result = LiveOffPolicy.Estimate(events, _arms, window: 10_000);

        Assert.Equal(4000, result.Decisions);
        Assert.Equal(["always A", "always B", "uniform"], result.Policies.Select(p => p.Policy));
        // True values: A 0.2, B 0.6, uniform 0.4. A 95% interval misses with probability 0.05 each; the seed is fixed,
        // and the check is widened to ±4 SE (miss probability 6e-5) so that it tests the estimator, not the seed.
        double[] truth = [0.2, 0.6, 0.4];
        for (var i = 0; i < truth.Length; i++)
        {
            var snips = result.Policies[i].Snips!;
            Assert.InRange(truth[i], snips.Value - (4 * snips.StandardError), snips.Value + (4 * snips.StandardError));
            Assert.InRange(snips.StandardError, 0.001, 0.05);
        }

        // Logged uniformly, the uniform policy's weights are all 1: its ESS is exactly the number of decisions.
        Assert.Equal(4000, result.Policies[2].Ess, 6);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Estimate_WindowResetAndFailures_DecideWhichDecisionsCount()
    {
        var events = new List<BanditEvent>(UniformLog(decisions: 50, seed: 1)) { Event(BanditEventTypes.Reset, null, null, null, null) };
        events.AddRange(UniformLog(decisions: 30, seed: 2, prefix: "new"));
        events.Add(Event(BanditEventTypes.Failure, "new-0", "A", null, null));

        Assert.Equal(29, LiveOffPolicy.Estimate(events, _arms, window: 10_000).Decisions);
        Assert.Equal(10, LiveOffPolicy.Estimate(events, _arms, window: 10).Decisions);
    }

    [Fact]
    public void Estimate_FewDecisions_WarnsOfTheEffectiveSampleSize()
    {
        var result = LiveOffPolicy.Estimate(UniformLog(decisions: 60, seed: 4), _arms, window: 10_000);

        // 60 uniform decisions: ESS 60 for the uniform policy and ≈ 30 for each arm, all below 100.
        Assert.Equal(3, result.Warnings.Count);
        Assert.Contains("below 100", result.Warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_EmptyLog_NoEstimatesAndWarnings()
    {
        var result = LiveOffPolicy.Estimate([], _arms, window: 100);

        Assert.Equal(0, result.Decisions);
        Assert.All(result.Policies, p => Assert.Null(p.Snips));
        Assert.Equal(3, result.Warnings.Count);
    }

    [Fact]
    public void Estimate_ArmNeverChosen_HasNoEstimateRatherThanAZeroWidthZero()
    {
        // A third arm just added: the log holds only A and B. Before the fix "always C" read IPS 0 [0, 0] (every term
        // w·r is 0, so the mean and its standard error are 0): a certain 0% CTR from no evidence at all.
        var result = LiveOffPolicy.Estimate(UniformLog(decisions: 400, seed: 5), ["A", "B", "C"], window: 10_000);

        var c = Assert.Single(result.Policies, p => p.Policy == "always C");
        Assert.Equal(0, c.Matched);
        Assert.Null(c.Ips);
        Assert.Null(c.Snips);
        Assert.Contains(result.Warnings, w => w.StartsWith("always C:", StringComparison.Ordinal));
        Assert.NotNull(result.Policies.Single(p => p.Policy == "always A").Ips); // the arms with decisions keep theirs
    }

    /// <summary>A 50/50 log over 400 users with CTR 0.2 (A) and 0.6 (B); rewards arrive for the clicks only.</summary>
    private static List<BanditEvent> UniformLog(int decisions, int seed, string prefix = "d")
    {
        var random = new Random(seed);
        var events = new List<BanditEvent>();
        for (var t = 0; t < decisions; t++)
        {
            var arm = random.Next(2);
            var id = $"{prefix}-{t}";
            events.Add(new BanditEvent(BanditEventTypes.Decision, id, _arms[arm], 0.5, null, "epsilon", $"u{random.Next(400)}", t));
            if (random.NextDouble() < (arm == 0 ? 0.2 : 0.6))
            {
                events.Add(Event(BanditEventTypes.Reward, id, _arms[arm], 0.5, 1.0));
            }
        }

        return events;
    }

    private static BanditEvent Event(string type, string? id, string? arm, double? propensity, double? reward) =>
        new(type, id, arm, propensity, reward, null, null, 0);
}
