using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bandit.Mlflow;

/// <summary>Reads and writes an enum by its MLflow name: <c>PendingRegistration</c> ↔ <c>PENDING_REGISTRATION</c>.</summary>
public sealed class MlflowEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false)
    where TEnum : struct, Enum;
