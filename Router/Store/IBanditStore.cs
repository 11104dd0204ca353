namespace Bandit.Router.Store;

/// <summary>
/// The bandit's shared state: per experiment and arm the counters (pulls, updates, reward sums, failures),
/// the decisions that may still be rewarded (with a TTL), a capped event stream, and the decision-id secret.
/// <see cref="RedisBanditStore"/> shares it between replicas (one Lua script per change, so every change is atomic
/// and touches one Redis Cluster slot); <see cref="InMemoryBanditStore"/> is the single-process default.
/// Both have the same semantics, checked by the same contract tests.
/// </summary>
public interface IBanditStore
{
    /// <summary>True when the state is shared by every replica (Redis).</summary>
    bool IsShared { get; }

    /// <summary>
    /// The decision-id secret shared by every replica using this store: the stored one, or — when there is none yet
    /// (first start, or the store lost its data) — <paramref name="proposed"/> (a random one when null), stored first.
    /// </summary>
    Task<byte[]> GetOrCreateSecretAsync(byte[]? proposed = null, CancellationToken cancellationToken = default);

    /// <summary>Counts a pull of the arm and keeps the decision rewardable for the decision TTL; a repeat of the same id changes nothing.</summary>
    Task RecordDecisionAsync(string experiment, DecisionRecord decision, CancellationToken cancellationToken = default);

    /// <summary>
    /// The variant failed to answer a decision: the decision can no longer be rewarded, its pull is taken back and
    /// counted as a failure. False when the decision was unknown (expired, already failed, or from before a reset).
    /// </summary>
    Task<bool> RecordFailureAsync(string experiment, string decisionId, string arm, string reason, CancellationToken cancellationToken = default);

    /// <summary>Attributes a reward to a decision's arm, exactly once per decision.</summary>
    Task<RewardOutcome> RecordRewardAsync(string experiment, RewardRecord reward, CancellationToken cancellationToken = default);

    /// <summary>Many rewards in one round trip; one outcome per element, in order.</summary>
    Task<IReadOnlyList<RewardOutcome>> RecordRewardsAsync(IReadOnlyList<(string Experiment, RewardRecord Reward)> rewards, CancellationToken cancellationToken = default);

    /// <summary>The counters of the named arms over all their versions (zeros for arms never seen) and the experiment's epoch.</summary>
    Task<ExperimentCounters> GetCountersAsync(string experiment, IReadOnlyList<string> arms, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="GetCountersAsync(string, IReadOnlyList{string}, CancellationToken)"/>, but each arm's counters and
    /// discounted sums are those of <paramref name="versions"/>[i] (its live model version; null = unknown, the arm's
    /// own), with the pulls over all versions in <see cref="ArmCounters.ArmPulls"/>.
    /// </summary>
    Task<ExperimentCounters> GetCountersAsync(string experiment, IReadOnlyList<string> arms, IReadOnlyList<string?> versions, CancellationToken cancellationToken = default);

    /// <summary>The versions <paramref name="arm"/> has served since the last reset, the newest first, with their counters.</summary>
    Task<IReadOnlyList<VersionCounters>> GetVersionsAsync(string experiment, string arm, CancellationToken cancellationToken = default);

    /// <summary>Clears the experiment's counters and starts a new epoch: decisions made before it can no longer be rewarded.</summary>
    Task<long> ResetAsync(string experiment, IReadOnlyList<string> arms, CancellationToken cancellationToken = default);

    /// <summary>The latest events of the experiment, oldest first.</summary>
    Task<IReadOnlyList<BanditEvent>> ReadEventsAsync(string experiment, int count, CancellationToken cancellationToken = default);
}
