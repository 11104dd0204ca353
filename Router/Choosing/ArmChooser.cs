using System.Diagnostics;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Common;
using Bandit.Router.Experiment;
using Bandit.Router.Ledger;
using Bandit.Router.Store;

namespace Bandit.Router.Choosing;

/// <summary>What one <c>/choose</c> decides with: the live config, the posteriors and the decision-id key, read once per
/// request, and for the contextual strategy the user's context (<see cref="UserContexts"/>).</summary>
public sealed record ChoiceBasis(LiveConfig State, PosteriorSnapshot Snapshot, byte[] Key, double[]? Features = null);

/// <summary>
/// The arm decision of <c>/choose</c>: cached posteriors under the live strategy, over the healthy arms not tried yet.
/// With no cached posteriors and the store down, the hash split of the live arms and weights decides (stated in
/// <c>/stats</c> as <c>allocation: hash-fallback</c>).
/// </summary>
public sealed class ArmChooser(
    LiveExperiment live, PosteriorCache posteriors, DecisionMaker decider, DecisionSecret secret, ArmHealth health, StoreAvailability availability,
    UserContexts contexts, RouterMetrics metrics)
{
    public async Task<ChoiceBasis> PrepareAsync(string userKey, CancellationToken ct)
    {
        var key = await secret.GetAsync(ct);
        var state = live.Current;
        try
        {
            var snapshot = await posteriors.GetAsync(state, ct);
            return new ChoiceBasis(state, snapshot, key, await contexts.ForAsync(state, userKey, ct));
        }
        catch (StoreUnavailableException)
        {
            availability.MarkUnavailable();
            var hash = new LiveConfig(state.Config.WithStrategy(StrategyNames.Hash, null), state.Version, state.Source, state.LoadedAt, state.Window);
            return new ChoiceBasis(hash, PosteriorSnapshot.Create(hash.Config, state.ArmNames.Select(a => new ArmStats(a, 0, 0, 0))), key);
        }
    }

    /// <summary>A decision over the arms that are healthy and not in <paramref name="tried"/>; null when none is left.</summary>
    public Decision? Decide(ChoiceBasis basis, string userKey, ArmMask tried)
    {
        var started = Stopwatch.GetTimestamp();
        var unavailable = new ArmMask(health.Unavailable(basis.State).Bits | tried.Bits);
        Decision decision;
        try
        {
            decision = decider.Decide(basis.State, basis.Snapshot, userKey, unavailable, basis.Key, basis.Features);
        }
        catch (NoArmAvailableException) when (tried.IsEmpty)
        {
            // Every arm looks down: try anyway rather than refuse; a real failure is handled like any other.
            decision = decider.Decide(basis.State, basis.Snapshot, userKey, ArmMask.None, basis.Key, basis.Features);
        }
        catch (NoArmAvailableException)
        {
            return null;
        }

        metrics.DecisionTime.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(RouterTelemetry.StrategyTag, decision.Strategy));
        return decision;
    }
}
