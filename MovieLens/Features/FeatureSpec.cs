namespace Bandit.MovieLens.Features;

/// <summary>
/// The CTR feature layout shared by training (Trainer) and serving (Variants). Any change to the order, the
/// meaning or the constants below is a new <see cref="Version"/>: a model is only valid with the features it
/// was trained on, and <see cref="FeatureState.Load"/> refuses a state of another version.
/// </summary>
/// <remarks>
/// Target statistics use Beta-prior shrinkage: <c>rate = (positives + m · prior) / (count + m)</c>, where
/// <c>m</c> is the prior strength and <c>prior</c> the global positive rate (for a user's genre affinity: the
/// user's own smoothed rate). Unknown users/items get the prior itself and their cold-start flag set.
/// </remarks>
public static class FeatureSpec
{
    public const string Version = "ctr-features/1";

    /// <summary>Prior strength (pseudo-ratings) of the user positive rate.</summary>
    public const double UserPriorStrength = 10;

    /// <summary>Prior strength of the item positive rate.</summary>
    public const double ItemPriorStrength = 10;

    /// <summary>Prior strength of the user's rate on one genre, shrunk toward the user's smoothed rate.</summary>
    public const double GenrePriorStrength = 5;

    public const int UserLogActivity = 0;
    public const int UserPositiveRate = 1;
    public const int ItemLogPopularity = 2;
    public const int ItemPositiveRate = 3;

    /// <summary>First of the <see cref="GenreCount"/> one-hot genre slots, in <see cref="MovieLensGenres.All"/> order.</summary>
    public const int GenreOffset = 4;
    public const int GenreCount = 20;
    public const int UserGenreAffinity = GenreOffset + GenreCount;
    public const int ReleaseYear = UserGenreAffinity + 1;
    public const int YearUnknown = ReleaseYear + 1;
    public const int UserUnseen = YearUnknown + 1;
    public const int ItemUnseen = UserUnseen + 1;

    /// <summary>The vector length; a compile-time constant so ML.NET's <c>[VectorType]</c> can use it.</summary>
    public const int Length = ItemUnseen + 1;

    /// <summary>Feature names in vector order (<see cref="Length"/> of them).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "user_log_activity",
        "user_positive_rate",
        "item_log_popularity",
        "item_positive_rate",
        .. MovieLensGenres.All.Select(g => "genre_" + g),
        "user_genre_affinity",
        "release_year",
        "year_unknown",
        "user_unseen",
        "item_unseen",
    ];

    /// <summary>Indexes of the target statistics: the features that depend on labels and so are computed
    /// out-of-fold for training rows.</summary>
    public static IReadOnlyList<int> TargetFeatures { get; } = [UserPositiveRate, ItemPositiveRate, UserGenreAffinity];
}
