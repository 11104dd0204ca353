using System.Text.Json.Serialization;

namespace Bandit.Router.Rewards;

/// <summary>The answer for one reward: <c>recorded</c>, <c>duplicate</c>, <c>stale</c>, <c>unknown</c>, <c>invalid</c> or <c>buffered</c>.</summary>
public sealed record UpdateResult(string? DecisionId, string? Arm, UpdateStatus Status, string? Error = null);

/// <summary>The statuses of <see cref="UpdateResult"/>, written on the wire (and in the metrics' status tag) as the lower-case names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UpdateStatus>))]
public enum UpdateStatus
{
    [JsonStringEnumMemberName("recorded")]
    Recorded,

    [JsonStringEnumMemberName("duplicate")]
    Duplicate,

    [JsonStringEnumMemberName("stale")]
    Stale,

    [JsonStringEnumMemberName("unknown")]
    Unknown,

    [JsonStringEnumMemberName("invalid")]
    Invalid,

    /// <summary>Taken into the outage log while the store is unavailable; applied (once) when it returns.</summary>
    [JsonStringEnumMemberName("buffered")]
    Buffered,
}

/// <summary>The wire names of <see cref="UpdateStatus"/>, for the places that need the string (a metric tag).</summary>
public static class UpdateStatusNames
{
    public static string Wire(this UpdateStatus status) => status switch
    {
        UpdateStatus.Recorded => "recorded",
        UpdateStatus.Duplicate => "duplicate",
        UpdateStatus.Stale => "stale",
        UpdateStatus.Unknown => "unknown",
        UpdateStatus.Invalid => "invalid",
        UpdateStatus.Buffered => "buffered",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
