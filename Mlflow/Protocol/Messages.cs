namespace Bandit.Mlflow.Protocol;

// Request and response bodies of the MLflow REST API (mlflow/protos/service.proto,
// model_registry.proto, mlflow_artifacts.proto), snake_case on the wire.
internal sealed record ErrorResponse(string? ErrorCode, string? Message);
internal sealed record EmptyResponse;

internal sealed record CreateExperimentRequest(string Name, string? ArtifactLocation, IReadOnlyList<ExperimentTag>? Tags);
internal sealed record CreateExperimentResponse(string ExperimentId);
internal sealed record ExperimentResponse(Experiment Experiment);

internal sealed record CreateRunRequest(string ExperimentId, string? RunName, long StartTime, IReadOnlyList<RunTag>? Tags);
internal sealed record RunResponse(Run Run);
internal sealed record LogBatchRequest(string RunId, IReadOnlyList<Metric> Metrics, IReadOnlyList<Param> Params, IReadOnlyList<RunTag> Tags);
internal sealed record LogMetricRequest(string RunId, string Key, double Value, long Timestamp, long Step);
internal sealed record KeyValueRunRequest(string RunId, string Key, string Value);
internal sealed record UpdateRunRequest(string RunId, RunStatus Status, long? EndTime);
internal sealed record UpdateRunResponse(RunInfo RunInfo);
internal sealed record SearchRunsRequest(IReadOnlyList<string> ExperimentIds, string? Filter, int MaxResults, IReadOnlyList<string>? OrderBy, string? PageToken);
internal sealed record SearchRunsResponse(IReadOnlyList<Run>? Runs, string? NextPageToken);
internal sealed record MetricHistoryResponse(IReadOnlyList<Metric>? Metrics, string? NextPageToken);

internal sealed record ListArtifactsResponse(IReadOnlyList<ArtifactFile>? Files);

internal sealed record CreateRegisteredModelRequest(string Name, string? Description, IReadOnlyList<RegisteredModelTag>? Tags);
internal sealed record RegisteredModelResponse(RegisteredModel RegisteredModel);
internal sealed record SearchRegisteredModelsResponse(IReadOnlyList<RegisteredModel>? RegisteredModels, string? NextPageToken);
internal sealed record CreateModelVersionRequest(string Name, string Source, string? RunId, IReadOnlyList<ModelVersionTag>? Tags, string? Description);
internal sealed record ModelVersionResponse(ModelVersion ModelVersion);
internal sealed record SearchModelVersionsResponse(IReadOnlyList<ModelVersion>? ModelVersions, string? NextPageToken);
internal sealed record SetModelVersionTagRequest(string Name, string Version, string Key, string Value);
internal sealed record SetAliasRequest(string Name, string Alias, string Version);
internal sealed record DeleteAliasRequest(string Name, string Alias);
internal sealed record DownloadUriResponse(string ArtifactUri);
