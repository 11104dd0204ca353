namespace Bandit.Router.Store;

/// <summary>
/// The auto-promotion rule's memory of an experiment (the leader and since when, the version on probation, what was
/// rolled back), kept where every replica and the next process find it: a restart or a deploy during a probation
/// keeps watching the promoted version instead of ending its probation unjudged. The value is opaque here (the
/// <see cref="Experiment.AutoPromotion.AutoPromoter"/>'s JSON); the last write wins. Both bandit stores implement
/// it; an outage throws <see cref="StoreUnavailableException"/>.
/// </summary>
public interface IPromotionStateStore
{
    /// <summary>The state last written for <paramref name="experiment"/>, or null when none was.</summary>
    Task<string?> GetPromotionStateAsync(string experiment, CancellationToken cancellationToken = default);

    /// <summary>Replaces the state of <paramref name="experiment"/>.</summary>
    Task SetPromotionStateAsync(string experiment, string state, CancellationToken cancellationToken = default);
}
