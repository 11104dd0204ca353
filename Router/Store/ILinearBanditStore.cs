using Bandit.Allocation;

namespace Bandit.Router.Store;

/// <summary>
/// The contextual strategy's shared state, beside <see cref="IBanditStore"/> and implemented by the same stores: per arm
/// the linear statistics (Σ x xᵀ, Σ r·x, n) and per user the misses and hits with each arm. Both change only inside
/// <see cref="IBanditStore.RecordRewardAsync"/> of a decision recorded with a context
/// (<see cref="DecisionRecord.Context"/>), so they are counted exactly once per decision, and both are cleared with the
/// counters by <see cref="IBanditStore.ResetAsync"/> — except the users' histories, which record what users did, not
/// the model, and expire on their own (Redis: 30 days after the user's last contextual reward).
/// </summary>
public interface ILinearBanditStore
{
    /// <summary>The user's misses and hits per arm, in the order of <paramref name="arms"/> (zeros when never seen).</summary>
    Task<UserArmHistory> GetUserHistoryAsync(string experiment, string userKey, IReadOnlyList<string> arms, CancellationToken cancellationToken = default);

    /// <summary>Each arm's linear statistics of dimension <paramref name="dimension"/> (zeros for an arm never rewarded).</summary>
    Task<IReadOnlyList<LinearArmStats>> GetLinearStatsAsync(string experiment, IReadOnlyList<string> arms, int dimension, CancellationToken cancellationToken = default);
}
