namespace Bandit.Registry.Model;

// MLflow's entities as the server writes them (snake_case, unset fields and empty lists left out;
// property order follows MLflow's protos so answers read the same).
public sealed record KeyValueDto(string Key, string Value);

public sealed record ExperimentDto(string ExperimentId, string Name, string ArtifactLocation, string LifecycleStage,
    long LastUpdateTime, long CreationTime, IReadOnlyList<KeyValueDto>? Tags);

public sealed record RunInfoDto(string RunUuid, string ExperimentId, string RunName, string UserId, string Status,
    long StartTime, long? EndTime, string ArtifactUri, string LifecycleStage, string RunId);

public sealed record MetricDto(string Key, double Value, long Timestamp, long Step);

public sealed record RunDataDto(IReadOnlyList<MetricDto>? Metrics, IReadOnlyList<KeyValueDto>? Params, IReadOnlyList<KeyValueDto>? Tags);

/// <summary>A run; MLflow adds <c>outputs: {}</c> when reading a run, not when creating it.</summary>
public sealed record RunDto(RunInfoDto Info, RunDataDto Data, EmptyResponse Inputs, EmptyResponse? Outputs = null);

public sealed record AliasDto(string Alias, string Version);

public sealed record ModelVersionDto(string Name, string Version, long CreationTimestamp, long LastUpdatedTimestamp,
    string CurrentStage, string Description, string Source, string RunId, string Status, string? StatusMessage,
    IReadOnlyList<KeyValueDto>? Tags, string RunLink, IReadOnlyList<string>? Aliases);

public sealed record RegisteredModelDto(string Name, long CreationTimestamp, long LastUpdatedTimestamp, string? Description,
    IReadOnlyList<ModelVersionDto>? LatestVersions, IReadOnlyList<KeyValueDto>? Tags, IReadOnlyList<AliasDto>? Aliases);

public sealed record FileInfoDto(string Path, bool IsDir, long? FileSize);
