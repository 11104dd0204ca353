using Bandit.Allocation;

namespace Bandit.Replay.Simulation;

/// <summary>
/// What the Router's store keeps for one experiment, in process: per arm the counters, the discounted sums
/// (<see cref="DiscountedCounts"/>, decayed by the simulation clock) and, when the environment has contexts, the
/// linear model statistics. <see cref="Snapshot"/> freezes them the way the Router's posterior cache does.
/// </summary>
public sealed class BanditLearner
{
    private readonly RouterConfig _config;
    private readonly long[] _updates;
    private readonly double[] _rewards;
    private readonly DiscountedCounts[] _discounted;
    private readonly LinearArmStats[]? _linear;

    public BanditLearner(RouterConfig config, int contextDimension = 0)
    {
        _config = config;
        var arms = config.Arms.Count;
        _updates = new long[arms];
        _rewards = new double[arms];
        _discounted = new DiscountedCounts[arms];
        _linear = contextDimension > 0 ? [.. Enumerable.Range(0, arms).Select(_ => new LinearArmStats(contextDimension))] : null;
    }

    /// <summary>A reward for <paramref name="arm"/> at <paramref name="nowMs"/> of the simulation clock, with the decision's context.</summary>
    public void Observe(int arm, double reward, long nowMs, double[]? context)
    {
        _updates[arm]++;
        _rewards[arm] += reward;
        _discounted[arm] = _discounted[arm].Add(reward, nowMs, _config.DiscountHalfLifeSeconds);
        if (_linear is not null && context is not null)
        {
            _linear[arm].Add(context, reward);
        }
    }

    /// <summary>The snapshot at <paramref name="nowMs"/> (pulls = updates: every reward arrives before the next decision).</summary>
    public PosteriorSnapshot Snapshot(long nowMs) =>
        PosteriorSnapshot.Create(
            _config,
            _config.Arms.Select((a, i) =>
            {
                var d = _discounted[i].DecayTo(nowMs, _config.DiscountHalfLifeSeconds);
                return new ArmStats(a.Name, _updates[i], _updates[i], _rewards[i], d.Updates, d.Rewards);
            }),
            _linear is null ? null : [.. _linear.Select(l => l.Clone())]);
}
