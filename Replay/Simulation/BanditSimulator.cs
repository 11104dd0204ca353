using Bandit.Allocation;

namespace Bandit.Replay.Simulation;

/// <summary>One run's log: per decision the arm, its propensity as the strategy reported it, and the reward observed.</summary>
public sealed record RunLog(string Strategy, int Seed, int[] Arms, double[] Propensities, double[] Rewards)
{
    public int Length => Arms.Length;
}

/// <summary>
/// Drives a real <see cref="IAllocationStrategy"/> the way the Router does: decisions read a
/// <see cref="PosteriorSnapshot"/> built from <see cref="ArmStats"/> counters, and the snapshot is rebuilt every
/// <c>refreshEvery</c> decisions (1 = always fresh; the Router's posterior cache makes it a few hundred milliseconds
/// stale, i.e. tens of decisions at moderate traffic). Each reward arrives before the next decision.
/// </summary>
public static class BanditSimulator
{
    /// <summary>The config a run uses: the Router's default arms under <paramref name="strategy"/>, 50/50 hash weights and a
    /// per-seed salt (so the hash split's user-to-arm assignment differs between seeds as between experiments).</summary>
    public static RouterConfig ConfigFor(string strategy, int seed, int arms = 2)
    {
        var armConfigs = arms == 2
            ? RouterConfig.Default.Arms
            : [.. Enumerable.Range(0, arms).Select(i => new ArmConfig($"Arm{i}", $"Arm{i}", $"variant-{i}", 1.0))];
        return RouterConfig.Default with
        {
            Strategy = StrategyNames.TryNormalize(strategy, out var name) ? name : strategy,
            Arms = [.. armConfigs.Select(a => a with { Weight = 1.0 / arms })],
            Salt = $"replay-{seed}",
        };
    }

    public static RunLog Run(IAllocationStrategy strategy, RouterConfig config, IRewardEnvironment environment, int seed, int refreshEvery = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(refreshEvery);
        if (config.Arms.Count != environment.ArmCount)
        {
            throw new ArgumentException($"the config has {config.Arms.Count} arms, the environment {environment.ArmCount}.", nameof(config));
        }

        var random = new SeededRandomSource(seed);
        var world = new Random(unchecked((seed * 7919) + 17));
        var horizon = environment.Horizon;
        var log = new RunLog(strategy.Name, seed, new int[horizon], new double[horizon], new double[horizon]);
        var updates = new long[environment.ArmCount];
        var rewards = new double[environment.ArmCount];
        PosteriorSnapshot? snapshot = null;
        for (var step = 0; step < horizon; step++)
        {
            if (step % refreshEvery == 0)
            {
                snapshot = Snapshot(config, updates, rewards);
            }

            var choice = strategy.Choose(new DecisionContext(snapshot!, environment.UserKey(step), random));
            var reward = environment.Observe(step, choice.ArmIndex, world.NextDouble());
            log.Arms[step] = choice.ArmIndex;
            log.Propensities[step] = choice.Propensity;
            log.Rewards[step] = reward;
            updates[choice.ArmIndex]++;
            rewards[choice.ArmIndex] += reward;
        }

        return log;
    }

    /// <summary>The snapshot of these counters (pulls = updates: every reward arrives before the next decision).</summary>
    public static PosteriorSnapshot Snapshot(RouterConfig config, long[] updates, double[] rewards) =>
        PosteriorSnapshot.Create(config, config.Arms.Select((a, i) => new ArmStats(a.Name, updates[i], updates[i], rewards[i])));
}
