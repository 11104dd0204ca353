using System.Text.Json;
using System.Text.Json.Serialization;
using Bandit.Mlflow.Watching;

namespace Bandit.Variants.Model;

/// <summary>
/// Source-generated JSON for the service's bodies: camelCase, and strict on input — a number sent as a string
/// (<c>"userId": "5"</c>), a fraction where an integer belongs, or a repeated property is a 400, not a guess.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    NumberHandling = JsonNumberHandling.Strict,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(RecommendRequest))]
[JsonSerializable(typeof(RecommendResponse))]
[JsonSerializable(typeof(ModelInfo))]
[JsonSerializable(typeof(MlflowWebhookAck))]
public sealed partial class VariantsJsonContext : JsonSerializerContext;
