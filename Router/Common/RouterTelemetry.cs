using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Bandit.Router.Common;

/// <summary>The Router's ActivitySource and Meter (<c>Bandit.Router</c>, collected by ServiceDefaults) and its instruments.</summary>
public static class RouterTelemetry
{
    public const string Name = "Bandit.Router";

    /// <summary>Tags on the request span and on the instruments.</summary>
    public const string ArmTag = "bandit.arm";
    public const string DecisionTag = "bandit.decision_id";
    public const string PropensityTag = "bandit.propensity";
    public const string StrategyTag = "bandit.strategy";
    public const string ExperimentTag = "bandit.experiment";
    public const string StatusTag = "bandit.status";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter _meter = new(Name);

    /// <summary>Decisions served, per arm and strategy (a decision whose variant failed is counted in <see cref="VariantFailures"/> instead).</summary>
    public static readonly Counter<long> Decisions = _meter.CreateCounter<long>("bandit.router.decisions", "{decision}", "Decisions made, per arm and strategy.");

    /// <summary>Updates received, per arm, strategy and status (recorded, duplicate, stale, unknown, invalid).</summary>
    public static readonly Counter<long> Rewards = _meter.CreateCounter<long>("bandit.router.rewards", "{reward}", "Rewards received, per arm and outcome.");

    /// <summary>Variant calls that failed (connect error, timeout, 5xx), per arm.</summary>
    public static readonly Counter<long> VariantFailures = _meter.CreateCounter<long>("bandit.router.variant_failures", "{failure}", "Variant calls that failed, per arm.");

    /// <summary>Decisions served whose recording in the store failed (a reward for them will be refused as unknown).</summary>
    public static readonly Counter<long> UnrecordedDecisions = _meter.CreateCounter<long>("bandit.router.unrecorded_decisions", "{decision}", "Decisions served but not recorded (store failure).");

    /// <summary>Time to decide (posterior snapshot, strategy, decision id), without the variant call.</summary>
    public static readonly Histogram<double> DecisionTime = _meter.CreateHistogram(
        "bandit.router.decision.duration", "s", "Time to decide an arm, excluding the variant call.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1e-6, 2e-6, 5e-6, 1e-5, 2e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 5e-3, 1e-2] });
}
