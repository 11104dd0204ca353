using Bandit.Router.Common;
using Bandit.Router.Store;

namespace Bandit.Router.Ledger;

/// <summary>
/// While the store is unavailable or the <see cref="OutageLog"/> holds entries: probes the store every
/// <see cref="Interval"/>; once it answers, marks it available and applies the buffered decisions first, then the
/// rewards, through the store's idempotent scripts (a decision recorded once by id, a reward counted once by id),
/// removing them from the log only after that.
/// </summary>
public sealed class OutageDrainer(OutageLog log, StoreAvailability availability, IBanditStore store, ILogger<OutageDrainer> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private const int Chunk = 500;
    private const string ProbeExperiment = "outage-probe";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (availability.IsAvailable && log.Count == 0)
            {
                continue;
            }

            try
            {
                // A read of one key (no arms): answers only when the store is up and done loading.
                await store.GetCountersAsync(ProbeExperiment, [], stoppingToken).ConfigureAwait(false);

                // New decisions and rewards go straight to the store again (a reward whose decision still waits in
                // the log waits too), so the log only shrinks, even under load.
                if (!availability.IsAvailable)
                {
                    availability.MarkAvailable();
                    RouterLog.StoreBack(logger, log.Count);
                }

                await DrainAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (StoreUnavailableException)
            {
                availability.MarkUnavailable();
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                RouterLog.DrainFailed(logger, e);
            }
        }
    }

    /// <summary>Applies what the log holds now; throws (leaving the log as it was) when the store fails meanwhile.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        var batch = log.Snapshot();
        if (batch.Count == 0)
        {
            return;
        }

        var decisions = batch.Where(e => e.IsDecision).ToArray();
        foreach (var chunk in decisions.Chunk(Chunk))
        {
            await Task.WhenAll(chunk.Select(d => store.RecordDecisionAsync(d.Experiment, d.ToDecision(), cancellationToken))).ConfigureAwait(false);
        }

        var applied = decisions.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var retry = new List<OutageEntry>();
        int recorded = 0, duplicates = 0, unknown = 0;
        foreach (var chunk in batch.Where(e => !e.IsDecision).Chunk(Chunk))
        {
            var outcomes = await store.RecordRewardsAsync([.. chunk.Select(r => (r.Experiment, r.ToReward()))], cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < chunk.Length; i++)
            {
                switch (outcomes[i])
                {
                    case RewardOutcome.Recorded:
                        recorded++;
                        break;
                    case RewardOutcome.Unknown when !applied.Contains(chunk[i].Id) && log.HasDecision(chunk[i].Id):
                        // Its decision was buffered after this batch was taken: apply it next round, after the decision.
                        retry.Add(chunk[i]);
                        break;
                    case RewardOutcome.Unknown:
                        unknown++;
                        break;
                    default:
                        duplicates++;
                        break;
                }
            }
        }

        log.Complete(batch.Count, retry);
        RouterLog.Drained(logger, decisions.Length, recorded, duplicates, unknown, retry.Count);
    }
}
