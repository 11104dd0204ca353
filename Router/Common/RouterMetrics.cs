using System.Diagnostics.Metrics;

namespace Bandit.Router.Common;

/// <summary>
/// The Router's instruments on its <c>Bandit.Router</c> meter, created through <see cref="IMeterFactory"/> so each host
/// (and each test host) owns its meter and disposes it with the container.
/// </summary>
public sealed class RouterMetrics
{
    public RouterMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(RouterTelemetry.Name);
        Decisions = meter.CreateCounter<long>("bandit.router.decisions", "{decision}", "Decisions made, per arm and strategy.");
        Rewards = meter.CreateCounter<long>("bandit.router.rewards", "{reward}", "Rewards received, per arm and outcome.");
        VariantFailures = meter.CreateCounter<long>("bandit.router.variant_failures", "{failure}", "Variant calls that failed, per arm.");
        UnrecordedDecisions = meter.CreateCounter<long>("bandit.router.unrecorded_decisions", "{decision}", "Decisions served but not recorded (store failure).");
        SrmAlarms = meter.CreateCounter<long>("bandit.router.srm_alarms", "{alarm}", "Onsets of a sample-ratio mismatch (p < 0.001), per experiment.");
        DecisionTime = meter.CreateHistogram(
            "bandit.router.decision.duration", "s", "Time to decide an arm, excluding the variant call.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1e-6, 2e-6, 5e-6, 1e-5, 2e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 5e-3, 1e-2] });
    }

    /// <summary>Decisions served, per arm and strategy (a decision whose variant failed is counted in <see cref="VariantFailures"/> instead).</summary>
    public Counter<long> Decisions { get; }

    /// <summary>Updates received, per arm, strategy and status (recorded, duplicate, stale, unknown, invalid, buffered).</summary>
    public Counter<long> Rewards { get; }

    /// <summary>Variant calls that failed (connect error, timeout, 5xx), per arm.</summary>
    public Counter<long> VariantFailures { get; }

    /// <summary>Decisions served that could be neither recorded nor buffered (store down and outage log full).</summary>
    public Counter<long> UnrecordedDecisions { get; }

    /// <summary>Onsets of a sample-ratio mismatch (not flagged → flagged), per experiment and replica.</summary>
    public Counter<long> SrmAlarms { get; }

    /// <summary>Time to decide (posterior snapshot, strategy, decision id), without the variant call.</summary>
    public Histogram<double> DecisionTime { get; }
}
