using Bandit.Router.Common;
using Bandit.Router.Experiment.Registry;
using Bandit.Router.Store;

namespace Bandit.Router.Experiment.History;

/// <summary>
/// Writes changes to the experiment's history as they happen (an alias moved, counters reset, a config switched by
/// this replica). Best effort: the change itself has happened whatever the history store says, so a store outage
/// here is logged at Debug and swallowed, never turned into a failed admin call.
/// </summary>
public sealed class ExperimentHistoryRecorder(IExperimentHistoryStore store, LiveExperiment live, ILogger<ExperimentHistoryRecorder> logger)
{
    /// <summary>Events kept per experiment.</summary>
    public const int EventCapacity = 1000;

    public Task RecordPromotionAsync(AliasMove move, CancellationToken cancellationToken) =>
        RecordAsync(new HistoryEvent(move.At, HistoryEvent.Promotion, move.Model, move.Alias, move.PreviousVersion, move.Version, Reason: move.Reason, Actor: move.Actor), cancellationToken);

    public Task RecordAsync(HistoryEvent change, CancellationToken cancellationToken) => RecordAsync(live.Current.ExperimentKey, change, cancellationToken);

    public async Task RecordAsync(string experiment, HistoryEvent change, CancellationToken cancellationToken)
    {
        try
        {
            await store.AddEventAsync(experiment, change, EventCapacity, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException e)
        {
            RouterLog.HistoryWriteFailed(logger, change.Kind, e);
        }
    }
}
