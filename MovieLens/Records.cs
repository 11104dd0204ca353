namespace Bandit.MovieLens;

/// <summary>One rating: <paramref name="Value"/> is 0.5–5 stars, <paramref name="Timestamp"/> unix seconds (UTC).</summary>
public sealed record Rating(int UserId, int MovieId, float Value, long Timestamp);

/// <summary>
/// A catalogue entry. <paramref name="Title"/> is the title as the data set spells it (year included, trimmed);
/// <paramref name="Year"/> is the release year parsed from the title (the first year of a range such as
/// <c>(2006–2007)</c>), or from ml-100k's release date when the title has none; null when neither says.
/// <paramref name="Genres"/> use the canonical names of <see cref="MovieLensGenres"/> (ml-100k/ml-1m's
/// <c>Children's</c> and <c>unknown</c> are mapped to <c>Children</c> and <c>(no genres listed)</c>).
/// </summary>
public sealed record Movie(int MovieId, string Title, int? Year, IReadOnlyList<string> Genres);

/// <summary>A free-text tag a user put on a movie; <paramref name="Timestamp"/> is unix seconds.</summary>
public sealed record Tag(int UserId, int MovieId, string Text, long Timestamp);

/// <summary>The click rule shared by training, evaluation and the simulations.</summary>
public static class Labels
{
    /// <summary>A rating at or above this many stars counts as a click (reward 1).</summary>
    public const float ClickThreshold = 4.0f;

    public static bool IsClick(float rating) => rating >= ClickThreshold;

    public static bool IsClick(this Rating rating) => rating.Value >= ClickThreshold;
}
