namespace Bandit.Router.Experiment.History;

/// <summary>One arm in a snapshot: the store's counters at that moment (cumulative since the experiment's last reset).</summary>
public sealed record ArmSnapshot(string Arm, string Alias, long Pulls, long Updates, double Rewards);

/// <summary>
/// The experiment at one moment, as the store had it: which config was live, the reset epoch, every arm's counters.
/// <see cref="At"/> is the start of the snapshot's slot (one per <c>Router:HistoryInterval</c>, whichever replica wrote it).
/// </summary>
public sealed record StatsSnapshot(DateTimeOffset At, string ConfigVersion, string Strategy, long Epoch, IReadOnlyList<ArmSnapshot> Arms);

/// <summary>
/// A change to the experiment, for the markers on the Ui's time charts: <c>promotion</c> (an alias moved by the
/// Router: model, alias, from → to, reason, actor), <c>strategy</c> (a new live config version: to = the version,
/// strategy), <c>reset</c> (counters cleared: to = the new epoch).
/// </summary>
public sealed record HistoryEvent(
    DateTimeOffset At,
    string Kind,
    string? Model = null,
    string? Alias = null,
    string? From = null,
    string? To = null,
    string? Strategy = null,
    string? Reason = null,
    string? Actor = null)
{
    public const string Promotion = "promotion";
    public const string StrategyChange = "strategy";
    public const string Reset = "reset";
}

/// <summary><c>GET /stats/history</c>: the experiment's snapshots (oldest first) and the changes over the same span.</summary>
public sealed record HistoryResponse(string Experiment, double IntervalSeconds, DateTimeOffset From, IReadOnlyList<StatsSnapshot> Samples, IReadOnlyList<HistoryEvent> Events);
