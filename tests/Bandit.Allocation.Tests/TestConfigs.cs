using Bandit.Allocation;

namespace Bandit.Allocation.Tests;

/// <summary>Configs and snapshots the tests build on.</summary>
internal static class TestConfigs
{
    public static RouterConfig TwoArms(string strategy, double weightA = 0.5, double weightB = 0.5) =>
        RouterConfig.Default.WithStrategy(strategy, [weightA, weightB]);

    public static RouterConfig Arms(string strategy, int count, double epsilon = 0.1) => new(
        strategy,
        [.. Enumerable.Range(0, count).Select(i => new ArmConfig($"Arm{i}", $"Alias{i}", $"variant-{i}", 1.0))],
        BetaPrior.Uniform,
        "test-salt",
        epsilon);

    /// <summary>A snapshot with (updates, rewards) per arm in order; pulls = updates.</summary>
    public static PosteriorSnapshot Snapshot(RouterConfig config, params (long Updates, double Rewards)[] stats) =>
        PosteriorSnapshot.Create(config, stats.Select((s, i) => new ArmStats(config.Arms[i].Name, s.Updates, s.Updates, s.Rewards)));

    /// <summary>How often each arm is chosen in <paramref name="draws"/> decisions from one snapshot.</summary>
    public static double[] Frequencies(IAllocationStrategy strategy, PosteriorSnapshot snapshot, int draws, int seed, ArmMask unavailable = default)
    {
        var random = new SeededRandomSource(seed);
        var counts = new int[snapshot.ArmCount];
        for (var n = 0; n < draws; n++)
        {
            counts[strategy.Choose(new DecisionContext(snapshot, $"user-{n}", random, unavailable)).ArmIndex]++;
        }

        return [.. counts.Select(c => (double)c / draws)];
    }

    /// <summary>
    /// <paramref name="draws"/> decisions for one user from one snapshot: how often each arm was chosen, and the
    /// propensity the strategy last reported for it (to hold the frequency against).
    /// </summary>
    public static (int[] Counts, double[] Propensity) Draw(IAllocationStrategy strategy, PosteriorSnapshot snapshot, int draws, int seed,
        ArmMask unavailable = default, double[]? features = null)
    {
        var random = new SeededRandomSource(seed);
        var counts = new int[snapshot.ArmCount];
        var propensity = new double[snapshot.ArmCount];
        for (var n = 0; n < draws; n++)
        {
            var choice = strategy.Choose(new DecisionContext(snapshot, "u", random, unavailable, features));
            counts[choice.ArmIndex]++;
            propensity[choice.ArmIndex] = choice.Propensity;
        }

        return (counts, propensity);
    }

    /// <summary>4 standard deviations of a binomial proportion.</summary>
    public static double FourSigma(double p, int n) => 4 * Math.Sqrt(p * (1 - p) / n);
}
