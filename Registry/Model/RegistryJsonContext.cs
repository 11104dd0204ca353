using System.Text.Json.Serialization;

namespace Bandit.Registry.Model;

/// <summary>Source-generated JSON for every answer: snake_case, nulls left out, NaN/Infinity as MLflow's names.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(ExperimentIdResponse))]
[JsonSerializable(typeof(ExperimentResponse))]
[JsonSerializable(typeof(ExperimentsResponse))]
[JsonSerializable(typeof(RunResponse))]
[JsonSerializable(typeof(RunInfoResponse))]
[JsonSerializable(typeof(RunsResponse))]
[JsonSerializable(typeof(MetricsResponse))]
[JsonSerializable(typeof(FilesResponse))]
[JsonSerializable(typeof(RegisteredModelResponse))]
[JsonSerializable(typeof(RegisteredModelsResponse))]
[JsonSerializable(typeof(ModelVersionResponse))]
[JsonSerializable(typeof(ModelVersionsResponse))]
[JsonSerializable(typeof(ArtifactUriResponse))]
[JsonSerializable(typeof(Webhooks.WebhookResponse))]
[JsonSerializable(typeof(Webhooks.WebhooksResponse))]
public sealed partial class RegistryJsonContext : JsonSerializerContext;
