using System.Collections.Concurrent;
using Bandit.Allocation;
using Bandit.Router.Common;
using Bandit.Router.Store;

namespace Bandit.Router.Experiment;

/// <summary>
/// The sample-ratio check of an experiment's counters (<see cref="SampleRatioMismatch"/>: pulls per arm against the sum
/// of the probabilities the strategy gave each arm), and its alarm: one warning and +1 on <c>bandit.router.srm_alarms</c>
/// per onset (not flagged → flagged) across every replica sharing the store. Each replica sees an onset in its own
/// checks (whenever <c>/stats</c> is read and at every history sample, so an alarm fires without anyone watching the
/// page); the alarm is raised by the replica that wins the claim <c>srm:&lt;experiment&gt;:&lt;epoch&gt;</c> for
/// <see cref="AlarmWindow"/>, so N replicas seeing the same onset raise it once, a reset (a new epoch) starts afresh,
/// and onsets within the window of the first are one incident. With the store down the alarm is raised anyway: an
/// alarm twice is better than none.
/// </summary>
public sealed class SrmMonitor
{
    public const string MeterCounterName = "bandit.router.srm_alarms";

    /// <summary>How long one replica's alarm stands for every replica's onset of the same experiment and epoch.</summary>
    public static readonly TimeSpan AlarmWindow = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, SrmOnset> _onsets = new(StringComparer.Ordinal);
    private readonly IBanditStore _store;
    private readonly RouterMetrics _metrics;
    private readonly ILogger<SrmMonitor> _logger;

    public SrmMonitor(IBanditStore store, RouterMetrics metrics, ILogger<SrmMonitor> logger)
    {
        _store = store;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Checks the counters of <paramref name="experiment"/> (arm order kept) and raises the alarm on an onset.</summary>
    public async Task<SrmResult> CheckAsync(string experiment, ExperimentCounters counters, CancellationToken cancellationToken = default)
    {
        var result = SampleRatioMismatch.Check([.. counters.Arms.Select(a => (double)Math.Max(0, a.AllPulls))], [.. counters.Arms.Select(a => a.Promised)]);
        if (_onsets.GetOrAdd(experiment, static _ => new SrmOnset()).Observe(result.Srm)
            && await ClaimAsync($"srm:{experiment}:{counters.Epoch}", cancellationToken).ConfigureAwait(false))
        {
            _metrics.SrmAlarms.Add(1, new KeyValuePair<string, object?>(RouterTelemetry.ExperimentTag, experiment));
            RouterLog.SampleRatioMismatch(_logger, experiment, result.PValue,
                string.Join(", ", counters.Arms.Select((a, i) => FormattableString.Invariant($"{a.Arm} {result.Observed[i]:0}/{result.Expected[i]:0.#}"))));
        }

        return result;
    }

    private async Task<bool> ClaimAsync(string key, CancellationToken cancellationToken)
    {
        if (_store is not IClaimStore claims)
        {
            return true;
        }

        try
        {
            return await claims.TryClaimAsync(key, AlarmWindow, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            return true;
        }
    }
}
