using Bandit.Router.Choosing;
using Bandit.Router.Common;
using Bandit.Router.Store;

namespace Bandit.Router.Ledger;

/// <summary>Records a decision of <c>/choose</c> in the store, or — while the store is unavailable — in the <see cref="OutageLog"/>.</summary>
public sealed class DecisionRecorder(IBanditStore store, StoreAvailability availability, OutageLog outageLog, ILogger<DecisionRecorder> logger)
{
    /// <summary>True when a decision could be neither recorded (store unavailable) nor buffered (log full).</summary>
    public bool IsFull => !availability.IsAvailable && outageLog.Count >= outageLog.Capacity;

    /// <summary>Entries waiting in the outage log.</summary>
    public int Buffered => outageLog.Count;

    public string FullMessage => new OutageLogFullException(outageLog.Capacity).Message;

    /// <summary>Sends the decision to the store at once (unless it is known to be down); the task ends when it is recorded or buffered.</summary>
    public Task RecordAsync(Decision decision, string userKey)
    {
        var record = new DecisionRecord(decision.Id, decision.Arm, decision.Propensity, decision.Strategy, userKey);
        Task? sent = null;
        if (availability.IsAvailable)
        {
            try
            {
                sent = store.RecordDecisionAsync(decision.Experiment, record, CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                sent = Task.FromException(e);
            }
        }

        return CompleteAsync(sent, decision, record);
    }

    /// <summary>
    /// The decision is written while the variant answers (or not sent at all: the store is known to be down), and this
    /// finishes before the response starts, so a client never holds a decision id that is neither in the store nor in
    /// the outage log. If the store failed, the decision goes to the outage log, applied when the store returns; only
    /// when that is full too is it lost (logged, counted in <c>bandit.router.unrecorded_decisions</c>; its reward is
    /// refused as unknown). Never throws.
    /// </summary>
    private async Task CompleteAsync(Task? recorded, Decision decision, DecisionRecord record)
    {
        if (recorded is not null)
        {
            try
            {
                await recorded;
                return;
            }
            catch (Exception e) when (StoreAvailability.IsOutage(e))
            {
                // It may have reached the store before it failed: recording it again later is idempotent.
                availability.MarkUnavailable();
                RouterLog.StoreUnavailable(logger, outageLog.Count, e);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Not a known outage error, but the client holds this decision id: keep it in the outage log (the
                // drainer applies it, idempotently, as soon as the store takes it) rather than lose it.
                RouterLog.StoreUnavailable(logger, outageLog.Count, e);
            }
        }

        if (!outageLog.TryAppend([OutageEntry.ForDecision(decision.Experiment, record)]))
        {
            RouterTelemetry.UnrecordedDecisions.Add(1, new KeyValuePair<string, object?>(RouterTelemetry.ArmTag, decision.Arm));
            RouterLog.OutageLogFull(logger, decision.Arm);
        }
    }
}
