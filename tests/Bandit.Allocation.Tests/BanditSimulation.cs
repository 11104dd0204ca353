using Bandit.Allocation;

namespace Bandit.Allocation.Tests;

/// <summary>
/// Simulated Bernoulli arms with click rates <c>p</c>: each round one decision, its reward drawn at once; the
/// snapshot is rebuilt every <c>refreshEvery</c> rounds, as the Router rebuilds its cached snapshot.
/// </summary>
internal static class BanditSimulation
{
    public static int[] Run(IAllocationStrategy strategy, RouterConfig config, double[] p, int rounds, int refreshEvery, int seed)
    {
        var random = new SeededRandomSource(seed);
        var world = new Random(seed + 1_000);
        var updates = new long[p.Length];
        var rewards = new double[p.Length];
        var chosen = new int[rounds];
        PosteriorSnapshot? snapshot = null;
        for (var round = 0; round < rounds; round++)
        {
            if (round % refreshEvery == 0)
            {
                snapshot = PosteriorSnapshot.Create(config, config.Arms.Select((a, i) => new ArmStats(a.Name, updates[i], updates[i], rewards[i])));
            }

            var arm = strategy.Choose(new DecisionContext(snapshot!, $"user-{round}", random)).ArmIndex;
            chosen[round] = arm;
            updates[arm]++;
            rewards[arm] += world.NextDouble() < p[arm] ? 1 : 0;
        }

        return chosen;
    }

    /// <summary>The fraction of the last <paramref name="count"/> rounds that went to <paramref name="arm"/>.</summary>
    public static double ShareOfLast(int[] chosen, int count, int arm) =>
        (double)chosen[^count..].Count(a => a == arm) / count;
}
