using Bandit.Ui.Routing;

namespace Bandit.Ui.Experiment;

/// <summary>One arm in one sample of <c>GET /stats</c>.</summary>
public sealed record ArmSample(string Arm, long Pulls, long Updates, double Rewards, double Ctr, double Share, double Mean);

/// <summary>One sample of <c>GET /stats</c>: when, which config, and every arm.</summary>
public sealed record StatsSample(DateTimeOffset At, string Experiment, string ConfigVersion, string Strategy, IReadOnlyList<ArmSample> Arms)
{
    public static StatsSample From(DateTimeOffset at, RouterStats stats) => new(at, stats.Experiment, stats.ConfigVersion, stats.Strategy,
        [.. stats.Arms.Select(a => new ArmSample(a.Arm, a.Pulls, a.Updates, a.Rewards, a.Ctr, a.Share, a.Posterior.Mean))]);
}

/// <summary>
/// A bounded, thread-safe history of <c>/stats</c> samples (oldest dropped first) for the charts over time.
/// A new experiment key or a counter reset (pulls going down) starts the history afresh: mixing two experiments
/// in one line would draw a meaningless jump.
/// </summary>
public sealed class StatsHistory(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Queue<StatsSample> _samples = new(capacity);
    private StatsSample? _last;

    public int Capacity { get; } = capacity;

    /// <summary>When the last poll failed, what went wrong (null after a good poll).</summary>
    public string? LastError { get; private set; }

    public DateTimeOffset? LastPollAt { get; private set; }

    public void Add(StatsSample sample)
    {
        lock (_lock)
        {
            if (_last is not null && StartsAfresh(_last, sample))
            {
                _samples.Clear();
            }

            if (_samples.Count == Capacity)
            {
                _samples.Dequeue();
            }

            _samples.Enqueue(sample);
            _last = sample;
            LastError = null;
            LastPollAt = sample.At;
        }
    }

    public void Failed(DateTimeOffset at, string error)
    {
        lock (_lock)
        {
            LastError = error;
            LastPollAt = at;
        }
    }

    /// <summary>A copy of the samples, oldest first.</summary>
    public IReadOnlyList<StatsSample> Snapshot()
    {
        lock (_lock)
        {
            return [.. _samples];
        }
    }

    private static bool StartsAfresh(StatsSample last, StatsSample next) =>
        last.Experiment != next.Experiment
        || next.Arms.Sum(a => a.Pulls) < last.Arms.Sum(a => a.Pulls)
        || !last.Arms.Select(a => a.Arm).SequenceEqual(next.Arms.Select(a => a.Arm));
}
