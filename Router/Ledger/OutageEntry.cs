using System.Text.Json;
using System.Text.Json.Serialization;
using Bandit.Router.Store;

namespace Bandit.Router.Ledger;

/// <summary>
/// One line of the outage log: a decision (<c>t = "d"</c>) or a reward (<c>t = "r"</c>) of an experiment, with what the
/// store's idempotent scripts need to apply it later (a decision is recorded once by id, a reward counted once by id).
/// </summary>
public sealed record OutageEntry(
    [property: JsonPropertyName("t")] OutageEntryType Type,
    [property: JsonPropertyName("x")] string Experiment,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("arm")] string Arm,
    [property: JsonPropertyName("p")] double Propensity,
    [property: JsonPropertyName("r")] double? Reward = null,
    [property: JsonPropertyName("s")] string? Strategy = null,
    [property: JsonPropertyName("u")] string? UserKey = null,
    [property: JsonPropertyName("h")] double? HalfLifeSeconds = null,
    [property: JsonPropertyName("pa")] IReadOnlyList<string>? PromisedArms = null,
    [property: JsonPropertyName("pp")] IReadOnlyList<double>? Promised = null,
    [property: JsonPropertyName("v")] string? Version = null,
    [property: JsonPropertyName("c")] double[]? Context = null)
{
    public bool IsDecision => Type == OutageEntryType.Decision;

    public static OutageEntry ForDecision(string experiment, DecisionRecord decision) =>
        new(OutageEntryType.Decision, experiment, decision.Id, decision.Arm, decision.Propensity, null, decision.Strategy, decision.UserKey,
            PromisedArms: decision.PromisedArms, Promised: decision.Promised, Version: decision.Version, Context: decision.Context?.ToArray());

    public static OutageEntry ForReward(string experiment, RewardRecord reward) =>
        new(OutageEntryType.Reward, experiment, reward.DecisionId, reward.Arm, reward.Propensity, reward.Reward, HalfLifeSeconds: reward.HalfLifeSeconds);

    /// <summary>The decision to apply, with its promises, version and (when it was contextual) its context, so its reward
    /// still counts for the version that served it and still updates the linear statistics.</summary>
    public DecisionRecord ToDecision() => new(Id, Arm, Propensity, Strategy ?? "", UserKey ?? "", PromisedArms, Promised, Version, Context);

    /// <summary>The reward to apply. Its discounted weight is decayed from when it is applied, not from when it arrived: the
    /// store's clock is the one every replica shares, and an outage is short against a half-life.</summary>
    public RewardRecord ToReward() => new(Id, Arm, Reward ?? 0, Propensity, HalfLifeSeconds is double h and > 0 ? h : Bandit.Allocation.RouterConfig.DefaultDiscountHalfLifeSeconds);

    public string ToLine() => JsonSerializer.Serialize(this, OutageJson.Default.OutageEntry);

    /// <summary>The entry of one line, or null for a line that is not one (e.g. torn by a crash mid-write).</summary>
    public static OutageEntry? TryParse(string line)
    {
        try
        {
            var entry = JsonSerializer.Deserialize(line, OutageJson.Default.OutageEntry);
            // The enum converter also takes integers, so a number in "t" must still name a defined type.
            return entry is { Type: OutageEntryType.Decision or OutageEntryType.Reward, Experiment.Length: > 0, Id.Length: > 0, Arm.Length: > 0 }
                && (entry.IsDecision || entry.Reward is >= 0 and <= 1) ? entry : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSerializable(typeof(OutageEntry))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class OutageJson : JsonSerializerContext;
