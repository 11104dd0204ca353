using System.Text.Json.Serialization;

namespace Bandit.Router.Ledger;

/// <summary>What one outage-log line holds. Written as today's one-letter codes (<c>"d"</c>, <c>"r"</c>) so lines
/// logged before this type existed (and files adopted from another replica) still parse.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OutageEntryType>))]
public enum OutageEntryType
{
    [JsonStringEnumMemberName("d")]
    Decision,

    [JsonStringEnumMemberName("r")]
    Reward,
}
