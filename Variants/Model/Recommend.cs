using System.Text.Json.Serialization;

namespace Bandit.Variants.Model;

/// <summary>The body of <c>POST /recommend</c>: <c>{userId, k?, exclude?}</c>.</summary>
public sealed record RecommendRequest(int? UserId, int? K, IReadOnlyList<int>? Exclude)
{
    public const int DefaultK = 10;
    public const int MaxK = 100;
    public const int MaxExclude = 1000;
}

/// <summary>One recommended movie and the model's click probability for the user.</summary>
public sealed record RecommendedItem(int MovieId, string Title, int? Year, IReadOnlyList<string> Genres, float Score);

/// <summary>
/// The answer of <c>POST /recommend</c>: the items, best first, and the model that ranked them. <see cref="Arm"/>,
/// <see cref="DecisionId"/> and <see cref="Propensity"/> echo the Router's decision headers when it sent them.
/// </summary>
public sealed record RecommendResponse(IReadOnlyList<RecommendedItem> Items, string Alias, string ModelVersion)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Arm { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DecisionId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Propensity { get; init; }
}
