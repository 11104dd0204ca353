using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Common;
using Bandit.Router.Experiment;
using Bandit.Router.Ledger;
using Bandit.Router.Store;

namespace Bandit.Router.Choosing;

/// <summary>
/// The contextual strategy's view of the user on one request: a bias and log(1 + misses), log(1 + hits) per arm
/// (<see cref="UserArmHistory.Context"/>), from the user's history with the arms in the store. Why this context and not
/// the Trainer's profile features: on the MovieLens replay the profile alone does not beat the best single model
/// while the history does (docs/BENCHMARKS.md), and the history is already where the Router writes, so it needs no
/// model artifact, no feature state in memory and no second source of truth. Its cost is one store read per contextual
/// decision (the user's hash), which the other strategies do not pay. With the store down the user reads as new.
/// </summary>
public sealed class UserContexts(IBanditStore store, StoreAvailability availability, ILogger<UserContexts> logger)
{
    /// <summary>The context for <paramref name="userKey"/> under <paramref name="live"/>; null when its strategy needs none.</summary>
    public async ValueTask<double[]?> ForAsync(LiveConfig live, string userKey, CancellationToken cancellationToken)
    {
        if (!StrategyNames.IsContextual(live.Config.Strategy))
        {
            return null;
        }

        var contextual = store as ILinearBanditStore
            ?? throw new InvalidOperationException($"the bandit store ({store.GetType().Name}) keeps no user histories for {live.Config.Strategy}.");
        if (availability.IsAvailable)
        {
            try
            {
                return (await contextual.GetUserHistoryAsync(live.ExperimentKey, userKey, live.ArmNames, cancellationToken).ConfigureAwait(false)).Context();
            }
            catch (StoreUnavailableException e)
            {
                availability.MarkUnavailable();
                RouterLog.StoreUnavailable(logger, 0, e);
            }
        }

        return new UserArmHistory(live.ArmNames.Count).Context();
    }
}
