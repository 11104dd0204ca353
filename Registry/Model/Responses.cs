namespace Bandit.Registry.Model;

/// <summary><c>{}</c>: what MLflow answers for writes that return nothing.</summary>
public sealed record EmptyResponse;

public sealed record ExperimentIdResponse(string ExperimentId);
public sealed record ExperimentResponse(ExperimentDto Experiment);
public sealed record ExperimentsResponse(IReadOnlyList<ExperimentDto>? Experiments, string? NextPageToken);
public sealed record RunResponse(RunDto Run);
public sealed record RunInfoResponse(RunInfoDto RunInfo);
public sealed record RunsResponse(IReadOnlyList<RunDto>? Runs, string? NextPageToken);
public sealed record MetricsResponse(IReadOnlyList<MetricDto>? Metrics, string? NextPageToken);
public sealed record FilesResponse(IReadOnlyList<FileInfoDto>? Files);
public sealed record RegisteredModelResponse(RegisteredModelDto RegisteredModel);
public sealed record RegisteredModelsResponse(IReadOnlyList<RegisteredModelDto>? RegisteredModels, string? NextPageToken);
public sealed record ModelVersionResponse(ModelVersionDto ModelVersion);
public sealed record ModelVersionsResponse(IReadOnlyList<ModelVersionDto>? ModelVersions, string? NextPageToken);
public sealed record ArtifactUriResponse(string ArtifactUri);
