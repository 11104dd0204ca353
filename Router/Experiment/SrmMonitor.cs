using System.Collections.Concurrent;
using Bandit.Allocation;
using Bandit.Router.Common;
using Bandit.Router.Store;

namespace Bandit.Router.Experiment;

/// <summary>
/// The sample-ratio check of an experiment's counters (<see cref="SampleRatioMismatch"/>: pulls per arm against the sum
/// of the probabilities the strategy gave each arm), and its alarm: on each onset (not flagged → flagged) one warning
/// and +1 on <c>bandit.router.srm_alarms</c>. Onsets are tracked per experiment in this process, so with N replicas
/// an onset may be reported up to N times (each replica once); checked whenever <c>/stats</c> is read and at every
/// history sample, so an alarm fires without anyone watching the page.
/// </summary>
public sealed class SrmMonitor
{
    public const string MeterCounterName = "bandit.router.srm_alarms";

    private readonly ConcurrentDictionary<string, SrmOnset> _onsets = new(StringComparer.Ordinal);
    private readonly RouterMetrics _metrics;
    private readonly ILogger<SrmMonitor> _logger;

    public SrmMonitor(RouterMetrics metrics, ILogger<SrmMonitor> logger)
    {
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Checks the counters of <paramref name="experiment"/> (arm order kept) and raises the alarm on an onset.</summary>
    public SrmResult Check(string experiment, ExperimentCounters counters)
    {
        var result = SampleRatioMismatch.Check([.. counters.Arms.Select(a => (double)Math.Max(0, a.AllPulls))], [.. counters.Arms.Select(a => a.Promised)]);
        if (_onsets.GetOrAdd(experiment, static _ => new SrmOnset()).Observe(result.Srm))
        {
            _metrics.SrmAlarms.Add(1, new KeyValuePair<string, object?>(RouterTelemetry.ExperimentTag, experiment));
            RouterLog.SampleRatioMismatch(_logger, experiment, result.PValue,
                string.Join(", ", counters.Arms.Select((a, i) => FormattableString.Invariant($"{a.Arm} {result.Observed[i]:0}/{result.Expected[i]:0.#}"))));
        }

        return result;
    }
}
