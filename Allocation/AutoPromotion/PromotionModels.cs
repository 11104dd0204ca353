namespace Bandit.Allocation.AutoPromotion;

/// <summary>One arm as the rule sees it: the alias it serves and that alias's version, its counts since the experiment
/// (re)started — decisions, rewarded decisions, clicks — and its P(best).</summary>
public sealed record ArmEvidence(string Arm, string Alias, string? Version, long Pulls, long Updates, double Rewards, double PBest)
{
    public double Ctr => Updates > 0 ? Rewards / Updates : double.NaN;
}

/// <summary>
/// What the rule is shown at one evaluation: the experiment's total decisions (they only grow until a reset), the
/// time, the arms, whether a sample-ratio mismatch is raised, and the off-policy value (SNIPS) of "always arm k", one
/// per arm in order (null or NaN: not known, which blocks a promotion).
/// </summary>
public sealed record PromotionObservation(long Decisions, DateTimeOffset At, IReadOnlyList<ArmEvidence> Arms, bool SrmAlarm, IReadOnlyList<double>? OffPolicyValues);

/// <summary>A promoted version on probation: <paramref name="MeasuredArm"/> serves it; it is rolled back to
/// <paramref name="FromVersion"/> if its CTR over the rollback window falls below <paramref name="OldCtrLower"/>.</summary>
public sealed record RollbackWatch(string MeasuredArm, string Alias, string? FromVersion, string ToVersion, double OldCtr, double OldCtrLower);

/// <summary>
/// The rule's memory between evaluations (kept by whoever runs it, e.g. in Redis): the arm that leads above the
/// threshold and since when, the version on probation, and the (alias, version) pairs already rolled back, which are
/// never promoted again.
/// </summary>
public sealed record PromotionState(string? Leader, long LeaderSinceDecisions, DateTimeOffset LeaderSinceAt, RollbackWatch? Watch, IReadOnlyList<string> RolledBack)
{
    public static PromotionState Idle { get; } = new(null, 0, DateTimeOffset.MinValue, null, []);

    public static string Key(string alias, string version) => $"{alias}@{version}";
}

/// <summary>What to do now.</summary>
public enum PromotionAction
{
    /// <summary>Nothing; <see cref="PromotionStep.Reason"/> says what is missing.</summary>
    None,

    /// <summary>Move <see cref="PromotionStep.Move"/>'s alias to the winner's version, record it, start a fresh experiment.</summary>
    Promote,

    /// <summary>Move the alias back to the version it had before the promotion, record it, start a fresh experiment.</summary>
    Rollback,

    /// <summary>The promoted version passed its rollback window: probation ends.</summary>
    Confirm,
}

/// <summary>An alias move the rule asks for: <paramref name="Alias"/> from <paramref name="FromVersion"/> (as the rule
/// saw it; the registry's answer is the truth) to <paramref name="ToVersion"/>.</summary>
public sealed record PromotionMove(string Alias, string? FromVersion, string ToVersion, string WinnerArm, string LoserArm);

/// <summary>The rule's answer: the action, the move when there is one, a sentence for logs and the audit trail, and
/// the state to keep for the next evaluation.</summary>
public sealed record PromotionStep(PromotionAction Action, PromotionMove? Move, string Reason, PromotionState Next);
