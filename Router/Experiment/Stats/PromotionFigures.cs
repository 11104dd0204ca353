using Bandit.Allocation;
using Bandit.Mlflow.Promotions;
using Bandit.Router.Experiment.Registry;
using Bandit.Router.Store;

namespace Bandit.Router.Experiment.Stats;

/// <summary>The figures <c>/stats</c> shows, read fresh from the store at the moment of a move: pulls, clicks, CTR
/// (NaN before any rewarded decision) and P(best) per arm of the live experiment.</summary>
public sealed class PromotionFigures(LiveExperiment live, IBanditStore store) : IPromotionFigures
{
    public async Task<IReadOnlyList<ArmFigures>> CurrentAsync(CancellationToken cancellationToken)
    {
        var state = live.Current;
        try
        {
            var counters = await store.GetCountersAsync(state.ExperimentKey, state.ArmNames, cancellationToken).ConfigureAwait(false);
            var snapshot = PosteriorSnapshot.Create(state.Config, counters.ToArmStats(state.Config.DiscountHalfLifeSeconds));
            return [.. snapshot.Stats.Select((s, i) => new ArmFigures(s.Arm, s.Pulls, s.Rewards, s.Updates > 0 ? s.Rewards / s.Updates : double.NaN, snapshot.PBest[i]))];
        }
        catch (StoreUnavailableException)
        {
            return [];
        }
    }
}
