namespace Bandit.Mlflow;

// Lists: MLflow leaves empty repeated fields out, and the JSON source generator sets a missing init-only
// property to null; the setters turn both into an empty list, so callers never see null.

/// <summary>A registered model with its tags, aliases and latest version per stage.</summary>
public sealed record RegisteredModel
{
    private readonly IReadOnlyList<ModelVersion> _latestVersions = [];
    private readonly IReadOnlyList<RegisteredModelTag> _tags = [];
    private readonly IReadOnlyList<RegisteredModelAlias> _aliases = [];

    public required string Name { get; init; }
    public long? CreationTimestamp { get; init; }
    public long? LastUpdatedTimestamp { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<ModelVersion> LatestVersions { get => _latestVersions; init => _latestVersions = value ?? []; }
    public IReadOnlyList<RegisteredModelTag> Tags { get => _tags; init => _tags = value ?? []; }
    public IReadOnlyList<RegisteredModelAlias> Aliases { get => _aliases; init => _aliases = value ?? []; }
}

/// <summary>A key/value tag on a registered model.</summary>
public sealed record RegisteredModelTag(string Key, string Value);

/// <summary>An alias of a registered model and the version it points at.</summary>
public sealed record RegisteredModelAlias(string Alias, string Version);

/// <summary>A model version. <see cref="Version"/> is a string on the wire ("3"), as MLflow sends it.</summary>
public sealed record ModelVersion
{
    private readonly IReadOnlyList<ModelVersionTag> _tags = [];
    private readonly IReadOnlyList<string> _aliases = [];

    public required string Name { get; init; }
    public required string Version { get; init; }
    public long? CreationTimestamp { get; init; }
    public long? LastUpdatedTimestamp { get; init; }
    public string? UserId { get; init; }
    public string? CurrentStage { get; init; }
    public string? Description { get; init; }
    public string? Source { get; init; }
    public string? RunId { get; init; }
    public ModelVersionStatus Status { get; init; }
    public string? StatusMessage { get; init; }
    public IReadOnlyList<ModelVersionTag> Tags { get => _tags; init => _tags = value ?? []; }
    public string? RunLink { get; init; }
    public IReadOnlyList<string> Aliases { get => _aliases; init => _aliases = value ?? []; }

    /// <summary>The version as a number, for ordering ("10" after "9").</summary>
    public int VersionNumber => int.Parse(Version, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A key/value tag on a model version.</summary>
public sealed record ModelVersionTag(string Key, string Value);

/// <summary>A model version's registration status, by name on the wire (<c>READY</c>, ...).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(MlflowEnumConverter<ModelVersionStatus>))]
public enum ModelVersionStatus
{
    /// <summary>Absent from the payload (MLflow leaves unset fields out).</summary>
    Unknown = 0,
    PendingRegistration = 1,
    FailedRegistration = 2,
    Ready = 3,
}

/// <summary>One page of <c>model-versions/search</c>; <see cref="NextPageToken"/> is null on the last page.</summary>
public sealed record ModelVersionsPage(IReadOnlyList<ModelVersion> ModelVersions, string? NextPageToken);

/// <summary>One page of <c>registered-models/search</c>.</summary>
public sealed record RegisteredModelsPage(IReadOnlyList<RegisteredModel> RegisteredModels, string? NextPageToken);

/// <summary>A <c>models:/</c> URI resolved to its model version and the artifact URI to download it from.</summary>
public sealed record ResolvedModel(ModelVersion Version, string ArtifactUri);
