using System.Text.Json.Serialization;

namespace Bandit.MovieLens.Features;

/// <summary>The JSON shape of <c>feature_state.json</c>: raw counts only; smoothed rates are derived on load
/// with the same code as <see cref="FeatureState.Build(IEnumerable{Rating}, IReadOnlyDictionary{int, Movie})"/>.</summary>
internal sealed record FeatureStateDocument(
    string Version,
    int RatingCount,
    int PositiveCount,
    IReadOnlyList<string> Genres,
    IReadOnlyList<MovieDocument> Movies,
    IReadOnlyList<int[]> Items,
    IReadOnlyList<UserDocument> Users);

internal sealed record MovieDocument(int Id, string Title, int? Year, IReadOnlyList<string> Genres);

/// <summary>Per-genre arrays follow <see cref="FeatureStateDocument.Genres"/>.</summary>
internal sealed record UserDocument(int Id, int Count, int Positives, int[] GenreCounts, int[] GenrePositives, int[] Rated);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FeatureStateDocument))]
internal sealed partial class FeatureStateJsonContext : JsonSerializerContext;

/// <summary>A feature state written by another <see cref="FeatureSpec.Version"/> than this build computes.</summary>
public sealed class FeatureVersionMismatchException(string found, string expected)
    : Exception($"the feature state has feature version '{found}' but this build computes '{expected}': retrain the model, or serve it with a build of its feature version")
{
    public string Found { get; } = found;
    public string Expected { get; } = expected;
}
