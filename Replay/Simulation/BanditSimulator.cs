using Bandit.Allocation;
using Bandit.Contracts;

namespace Bandit.Replay.Simulation;

/// <summary>One run's log: per decision the arm, its propensity as the strategy reported it, and the reward observed.</summary>
public sealed record RunLog(string Strategy, int Seed, int[] Arms, double[] Propensities, double[] Rewards)
{
    public int Length => Arms.Length;
}

/// <summary>
/// Drives a real <see cref="IAllocationStrategy"/> the way the Router does: decisions read a
/// <see cref="PosteriorSnapshot"/> built from the counters of a <see cref="BanditLearner"/>, and the snapshot is rebuilt
/// every <c>refreshEvery</c> decisions (1 = always fresh; the Router's posterior cache makes it a few hundred milliseconds
/// stale, i.e. tens of decisions at moderate traffic). Each reward arrives before the next decision. The simulation
/// clock advances one second per decision, so a half-life of h seconds is a half-life of h decisions.
/// </summary>
public static class BanditSimulator
{
    /// <summary>Milliseconds of simulation clock per decision.</summary>
    public const long MsPerDecision = 1_000;

    /// <summary>The half-life of discounted Thompson sampling in the simulations, in decisions (chosen before any replay run).</summary>
    public const double DefaultHalfLife = 500;

    /// <summary>The config a run uses: the environment's arms under <paramref name="strategy"/>, equal hash weights, a per-seed salt
    /// (so the hash split's user-to-arm assignment differs between seeds as between experiments) and the given half-life.</summary>
    public static RouterConfig ConfigFor(string strategy, int seed, IReadOnlyList<string> armNames, double halfLife = DefaultHalfLife) =>
        RouterConfig.Default with
        {
            Strategy = StrategyNames.TryNormalize(strategy, out var name) ? name : strategy,
            Arms = [.. armNames.Select(a => new ArmConfig(a, a, "variant-" + a.ToLowerInvariant(), 1.0 / armNames.Count))],
            Salt = $"replay-{seed}",
            DiscountHalfLifeSeconds = halfLife,
        };

    /// <summary>One run; the contextual strategy sees <paramref name="contexts"/> (by default the profile and the user's arm history).</summary>
    public static RunLog Run(IAllocationStrategy strategy, RouterConfig config, IRewardEnvironment environment, int seed, int refreshEvery = 1,
        ContextKind contexts = ContextKind.ProfileAndArmHistory)
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
        var source = new ContextSource(environment, contexts);
        var learner = new BanditLearner(config, source.Dimension);
        PosteriorSnapshot? snapshot = null;
        for (var step = 0; step < horizon; step++)
        {
            var now = step * MsPerDecision;
            if (step % refreshEvery == 0)
            {
                snapshot = learner.Snapshot(now);
            }

            var context = source.At(step);
            var choice = strategy.Choose(new DecisionContext(snapshot!, environment.UserKey(step), random, Features: context));
            var reward = environment.Observe(step, choice.ArmIndex, world.NextDouble());
            log.Arms[step] = choice.ArmIndex;
            log.Propensities[step] = choice.Propensity;
            log.Rewards[step] = reward;
            learner.Observe(choice.ArmIndex, reward, now, context);
            source.Observe(step, choice.ArmIndex, reward);
        }

        return log;
    }
}
