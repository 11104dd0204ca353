using Bandit.Router.Common;
using Bandit.Router.Ledger;
using Bandit.Router.Store;
using Microsoft.Extensions.Options;

namespace Bandit.Router.Experiment.History;

/// <summary>
/// Every <c>Router:HistoryInterval</c>, writes a <see cref="StatsSnapshot"/> of the live experiment's counters (from the
/// store, so every replica's decisions count) into the slot that interval falls in; the first replica to write a slot
/// wins, so N replicas still make one snapshot per interval. A snapshot whose config version or epoch differs from the
/// last stored one also records a <c>strategy</c> or <c>reset</c> event — that catches changes made by other replicas
/// or outside the Router (the Trainer moving the <c>router</c> alias) too.
/// </summary>
public sealed class HistorySampler(
    IExperimentHistoryStore store, ExperimentHistoryRecorder recorder, IBanditStore bandit, LiveExperiment live,
    StoreAvailability availability, IOptions<RouterOptions> options, TimeProvider time, ILogger<HistorySampler> logger,
    SrmMonitor srm) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.HistoryInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        do
        {
            await SampleOnceAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One snapshot into the current slot (skipped while the store is unavailable: the outage log has the truth then).</summary>
    public async Task SampleOnceAsync(CancellationToken cancellationToken)
    {
        if (!availability.IsAvailable)
        {
            return;
        }

        var state = live.Current;
        var step = (long)Math.Max(1, options.Value.HistoryInterval.TotalMilliseconds);
        var now = time.GetUtcNow();
        var slot = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds() / step * step);
        try
        {
            var counters = await bandit.GetCountersAsync(state.ExperimentKey, state.ArmNames, cancellationToken).ConfigureAwait(false);
            await srm.CheckAsync(state.ExperimentKey, counters, cancellationToken).ConfigureAwait(false); // the alarm fires on schedule, not only when someone reads /stats
            var snapshot = new StatsSnapshot(slot, state.Version, state.Strategy.Name, counters.Epoch,
                [.. counters.Arms.Select((a, i) => new ArmSnapshot(a.Arm, state.Config.Arms[i].Alias, a.Pulls, a.Updates, a.Rewards))]);
            var last = await store.LastSnapshotAsync(state.ExperimentKey, cancellationToken).ConfigureAwait(false);
            if (!await store.AddSnapshotAsync(state.ExperimentKey, snapshot, options.Value.HistoryCapacity, cancellationToken).ConfigureAwait(false) || last is null)
            {
                return;
            }

            // Leaving the embedded config is the Router starting up and finding the registry, not a change to the experiment.
            if (last.ConfigVersion != snapshot.ConfigVersion && last.ConfigVersion != LiveConfig.EmbeddedVersion)
            {
                await recorder.RecordAsync(state.ExperimentKey, new HistoryEvent(now, HistoryEvent.StrategyChange, From: last.ConfigVersion, To: snapshot.ConfigVersion, Strategy: snapshot.Strategy), cancellationToken).ConfigureAwait(false);
            }

            if (last.Epoch != snapshot.Epoch)
            {
                await recorder.RecordAsync(state.ExperimentKey, new HistoryEvent(now, HistoryEvent.Reset, From: Inv(last.Epoch), To: Inv(snapshot.Epoch)), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (StoreUnavailableException e)
        {
            RouterLog.HistoryWriteFailed(logger, "snapshot", e);
        }
    }

    private static string Inv(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
