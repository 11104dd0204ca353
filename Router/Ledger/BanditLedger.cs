using Bandit.Router.Common;
using Bandit.Router.Store;


namespace Bandit.Router.Ledger;

/// <summary>
/// The one place that decides where a decision, a reward or a failure goes: the store while it is available, the
/// <see cref="OutageLog"/> while it is not (the <see cref="OutageDrainer"/> applies the log once it is back), and the
/// only code that writes live traffic through <see cref="IBanditStore"/>. The store reports an outage as
/// <see cref="StoreUnavailableException"/>; this class marks <see cref="StoreAvailability"/> and turns to the log.
/// </summary>
public sealed partial class BanditLedger(IBanditStore store, StoreAvailability availability, OutageLog outageLog, RouterMetrics metrics, ILogger<BanditLedger> logger)
{
    /// <summary>True when a decision could be neither recorded (store unavailable) nor buffered (log full).</summary>
    public bool IsFull => !availability.IsAvailable && outageLog.Count >= outageLog.Capacity;

    /// <summary>Entries waiting in the outage log.</summary>
    public int Buffered => outageLog.Count;

    public string FullMessage => new OutageLogFullException(outageLog.Capacity).Message;

    /// <summary>Sends the decision to the store at once (unless it is known to be down); the task ends when it is recorded or buffered.</summary>
    public Task RecordDecisionAsync(string experiment, DecisionRecord record)
    {
        Task? sent = null;
        if (availability.IsAvailable)
        {
            try
            {
                sent = store.RecordDecisionAsync(experiment, record, CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                sent = Task.FromException(e);
            }
        }

        return CompleteAsync(sent, experiment, record);
    }

    /// <summary>
    /// Records that the decision's variant failed (its pull taken back, no longer rewardable). Not buffered while the
    /// store is down: the decision's pull (if it was buffered) is applied when the store returns.
    /// </summary>
    public async Task RecordFailureAsync(string experiment, string decisionId, string arm, string reason)
    {
        try
        {
            await store.RecordFailureAsync(experiment, decisionId, arm, reason, CancellationToken.None);
        }
        catch (StoreUnavailableException e)
        {
            availability.MarkUnavailable();
            RouterLog.StoreUnavailable(logger, outageLog.Count, e);
        }
    }

    /// <summary>Starts a new epoch of the experiment's counters; not buffered (throws <see cref="StoreUnavailableException"/>, answered 503).</summary>
    public Task<long> ResetAsync(string experiment, IReadOnlyList<string> arms, CancellationToken cancellationToken) =>
        store.ResetAsync(experiment, arms, cancellationToken);

    /// <summary>
    /// The decision is written while the variant answers (or not sent at all: the store is known to be down), and this
    /// finishes before the response starts, so a client never holds a decision id that is neither in the store nor in
    /// the outage log. If the store failed, the decision goes to the outage log, applied when the store returns; only
    /// when that is full too is it lost (logged, counted in <c>bandit.router.unrecorded_decisions</c>; its reward is
    /// refused as unknown). Never throws.
    /// </summary>
    private async Task CompleteAsync(Task? recorded, string experiment, DecisionRecord record)
    {
        if (recorded is not null)
        {
            try
            {
                await recorded;
                return;
            }
            catch (StoreUnavailableException e)
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

        if (!outageLog.TryAppend([OutageEntry.ForDecision(experiment, record)]))
        {
            metrics.UnrecordedDecisions.Add(1, new KeyValuePair<string, object?>(RouterTelemetry.ArmTag, record.Arm));
            RouterLog.OutageLogFull(logger, record.Arm);
        }
    }
}
