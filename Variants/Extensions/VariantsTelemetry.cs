using System.Diagnostics;
using System.Diagnostics.Metrics;
using Bandit.Variants.Serving;
using Microsoft.Extensions.Options;

namespace Bandit.Variants.Extensions;

/// <summary>
/// The service's traces and metrics (collected by ServiceDefaults through the <c>Bandit.*</c> wildcard): a
/// <c>recommend</c> span per request, the served version as a gauge, counters of swaps and failed loads.
/// </summary>
public sealed class VariantsTelemetry
{
    public const string Name = "Bandit.Variants";

    public const string RecommendActivity = "recommend";
    public const string SwapsCounter = "bandit.variant.swaps";
    public const string LoadFailuresCounter = "bandit.variant.load_failures";
    public const string ModelVersionGauge = "bandit.variant.model_version";

    public const string AliasTag = "bandit.alias";
    public const string ModelVersionTag = "bandit.model_version";
    public const string KTag = "bandit.k";
    public const string CandidatesTag = "bandit.candidates";
    public const string ColdStartTag = "bandit.cold_start";
    public const string ArmTag = "bandit.arm";
    public const string DecisionTag = "bandit.decision_id";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _swaps;
    private readonly Counter<long> _loadFailures;
    private readonly KeyValuePair<string, object?> _alias;

    public VariantsTelemetry(IMeterFactory meters, ModelHolder holder, IOptions<VariantOptions> options)
    {
        var meter = meters.Create(Name);
        _alias = new(AliasTag, options.Value.Alias);
        _swaps = meter.CreateCounter<long>(SwapsCounter, "{swap}", "Models put into service (the first load included)");
        _loadFailures = meter.CreateCounter<long>(LoadFailuresCounter, "{failure}", "Versions that could not be loaded (the previous model kept serving)");
        meter.CreateObservableGauge(ModelVersionGauge,
            () => holder.Current is { } model ? [new Measurement<long>(model.Version.VersionNumber, _alias)] : Array.Empty<Measurement<long>>(),
            "{version}", "The registry version being served");
    }

    public void Swapped() => _swaps.Add(1, _alias);

    public void LoadFailed() => _loadFailures.Add(1, _alias);
}
