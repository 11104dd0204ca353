namespace Bandit.Router.Store;

/// <summary>
/// A decision to record: the id from its token (32 hex digits), the arm, its propensity, the strategy and the user;
/// and, for the sample-ratio check, every arm's probability in this decision (<paramref name="PromisedArms"/> with
/// <paramref name="Promised"/>, the chosen arm's entry being the propensity), added to each arm's promised count in the
/// same atomic step as the pull; the model version the arm served (kept on the decision's event); and, for the
/// contextual strategy, the context vector it decided on, which its reward adds to the arm's linear statistics.
/// </summary>
public sealed record DecisionRecord(string Id, string Arm, double Propensity, string Strategy, string UserKey,
    IReadOnlyList<string>? PromisedArms = null, IReadOnlyList<double>? Promised = null, string? Version = null,
    IReadOnlyList<double>? Context = null);

/// <summary>
/// A reward for a decision: its id and arm (from the verified token), the reward in [0, 1], the decision's propensity,
/// and the half-life the arm's discounted sums are decayed with before it is added (the live config's
/// <see cref="Bandit.Allocation.RouterConfig.DiscountHalfLifeSeconds"/>).
/// </summary>
public sealed record RewardRecord(string DecisionId, string Arm, double Reward, double Propensity,
    double HalfLifeSeconds = Bandit.Allocation.RouterConfig.DefaultDiscountHalfLifeSeconds);

/// <summary>What happened to a reward.</summary>
public enum RewardOutcome
{
    /// <summary>No such decision: never made, expired, failed, or for another arm.</summary>
    Unknown = 0,

    /// <summary>Attributed to the decision's arm.</summary>
    Recorded = 1,

    /// <summary>The decision was already rewarded; nothing changed.</summary>
    Duplicate = 2,

    /// <summary>The decision predates a reset of its experiment: accepted once, not counted.</summary>
    Stale = 3,
}

/// <summary>
/// One arm's counters — decisions served, rewards received, their sum, variant failures — of the model version asked for
/// (the arm's live one; the arm's over all versions when none is asked for); the sum over every decision of the
/// probability the strategy gave this arm; and <paramref name="ArmPulls"/>, the pulls over all its versions (null when
/// they are <paramref name="Pulls"/>), which the sample-ratio check compares with <paramref name="Promised"/>.
/// </summary>
public sealed record ArmCounters(string Arm, long Pulls, long Updates, double Rewards, long Failures, double Promised = 0, long? ArmPulls = null)
{
    /// <summary>The pulls over every version of the arm since the last reset.</summary>
    public long AllPulls => ArmPulls ?? Pulls;
}

/// <summary>One model version of an arm: its counters while it served, its discounted sums, and when it first served (unix ms).</summary>
public sealed record VersionCounters(string Version, long Pulls, long Updates, double Rewards, long Failures, Bandit.Allocation.DiscountedCounts Discounted, long FirstSeenMs);

/// <summary>
/// An experiment's counters in the order the arms were asked for, and its reset epoch; with each arm's discounted
/// sums as stored (<see cref="Bandit.Allocation.DiscountedCounts"/>: values as of their own timestamp) and the store's
/// clock when they were read (<paramref name="NowMs"/>, unix ms), so that every reader decays them to the same time.
/// </summary>
public sealed record ExperimentCounters(long Epoch, IReadOnlyList<ArmCounters> Arms, IReadOnlyList<Bandit.Allocation.DiscountedCounts>? Discounted = null, long NowMs = 0)
{
    /// <summary>The discounted sums of arm <paramref name="index"/> decayed to <see cref="NowMs"/> with <paramref name="halfLifeSeconds"/>.</summary>
    public Bandit.Allocation.DiscountedCounts DiscountedAt(int index, double halfLifeSeconds) =>
        Discounted is { } d && index < d.Count ? d[index].DecayTo(NowMs, halfLifeSeconds) : Bandit.Allocation.DiscountedCounts.Empty;

    /// <summary>
    /// As <see cref="Bandit.Allocation.ArmStats"/> for a posterior snapshot (clamped so they are always consistent), the
    /// discounted sums decayed to the read time with the half-life of <paramref name="halfLifeSeconds"/>.
    /// </summary>
    public IEnumerable<Bandit.Allocation.ArmStats> ToArmStats(double halfLifeSeconds = Bandit.Allocation.RouterConfig.DefaultDiscountHalfLifeSeconds) =>
        Arms.Select((a, i) =>
        {
            var d = DiscountedAt(i, halfLifeSeconds);
            var updates = Math.Max(0, d.Updates);
            return new Bandit.Allocation.ArmStats(a.Arm, Math.Max(0, a.Pulls), Math.Max(0, a.Updates), Math.Clamp(a.Rewards, 0, Math.Max(0, a.Updates)),
                updates, Math.Clamp(d.Rewards, 0, updates));
        });
}

/// <summary>An entry of the event stream: <c>decision</c>, <c>reward</c>, <c>failure</c> or <c>reset</c>.</summary>
public sealed record BanditEvent(string Type, string? DecisionId, string? Arm, double? Propensity, double? Reward, string? Strategy, string? UserKey, long TimestampMs, string? Version = null);

/// <summary>The event types of the stream.</summary>
public static class BanditEventTypes
{
    public const string Decision = "decision";
    public const string Reward = "reward";
    public const string Failure = "failure";
    public const string Reset = "reset";
}
