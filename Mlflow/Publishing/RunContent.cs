namespace Bandit.Mlflow.Publishing;

/// <summary>A local file or folder to upload as a run artifact at <paramref name="ArtifactPath"/> (relative to the run's
/// artifact root; empty = the root itself).</summary>
public sealed record ArtifactUpload(string LocalPath, string ArtifactPath);

/// <summary>What a run records besides its model: params, metrics, tags and extra artifacts.</summary>
public sealed record RunContent
{
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();

    /// <summary>Metric values, logged once at step 0; non-finite values are skipped (MLflow cannot compare them).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<ArtifactUpload> Artifacts { get; init; } = [];
}

/// <summary>A registered model version and the run that produced it.</summary>
public sealed record PublishedModel(Run Run, ModelVersion Version);
