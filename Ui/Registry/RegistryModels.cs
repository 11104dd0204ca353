using Bandit.Mlflow;

namespace Bandit.Ui.Registry;

/// <summary>A registered model with its versions (newest first) for the Models page.</summary>
public sealed record ModelView(RegisteredModel Model, IReadOnlyList<VersionView> Versions, int TotalVersions)
{
    public string? AliasTarget(string alias) => Model.Aliases.FirstOrDefault(a => a.Alias == alias)?.Version;
}

/// <summary>A model version and the run that produced it (null when the run could not be read).</summary>
public sealed record VersionView(ModelVersion Version, Run? Run, string? RunError)
{
    public IReadOnlyList<Metric> Metrics => Run?.Data.Metrics ?? [];

    public string? Tag(string key) => Version.Tags.FirstOrDefault(t => t.Key == key)?.Value;

    public Metric? Metric(string name) => MetricNames.Find(Metrics, name);
}
