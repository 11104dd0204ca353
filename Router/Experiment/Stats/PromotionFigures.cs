using Bandit.Allocation;
using Bandit.Mlflow.Promotions;
using Bandit.Router.Experiment.Registry;
using Bandit.Router.Store;

namespace Bandit.Router.Experiment.Stats;

/// <summary>The figures <c>/stats</c> shows, read fresh from the store at the moment of a move: pulls, clicks, CTR
/// and P(best) per arm of the live experiment — both NaN (undefined) before the arm's first rewarded decision, when
/// its posterior is the prior alone and its P(best) (0.5 for two such arms) would say nothing about it.</summary>
public sealed class PromotionFigures(LiveExperiment live, IBanditStore store) : IPromotionFigures
{
    public async Task<IReadOnlyList<ArmFigures>> CurrentAsync(CancellationToken cancellationToken)
    {
        var state = live.Current;
        try
        {
            var counters = await store.GetCountersAsync(state.ExperimentKey, state.ArmNames, cancellationToken).ConfigureAwait(false);
            var snapshot = PosteriorSnapshot.Create(state.Config, counters.ToArmStats(state.Config.DiscountHalfLifeSeconds));
            return [.. snapshot.Stats.Select((s, i) => new ArmFigures(s.Arm, s.Pulls, s.Rewards, s.Updates > 0 ? s.Rewards / s.Updates : double.NaN, s.Updates > 0 ? snapshot.PBest[i] : double.NaN))];
        }
        catch (StoreUnavailableException)
        {
            return [];
        }
    }
}
