namespace Bandit.MovieLens;

/// <summary>The 20 genres of the current MovieLens data sets, in a fixed order that the features rely on.</summary>
public static class MovieLensGenres
{
    public const string NoGenres = "(no genres listed)";

    /// <summary>Fixed order: never reorder or insert (the feature layout and <c>FeatureSpec.Version</c> depend on it).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
        "Film-Noir", "Horror", "IMAX", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
        NoGenres,
    ];

    private static readonly Dictionary<string, int> _index = BuildIndex();

    /// <summary>The position of a canonical genre in <see cref="All"/>, or -1 for a name outside the list.</summary>
    public static int IndexOf(string genre) => _index.GetValueOrDefault(genre, -1);

    /// <summary>Maps the older data sets' spellings to the canonical names; other names are returned unchanged.</summary>
    public static string Canonical(string genre) => genre switch
    {
        "Children's" => "Children",
        "unknown" => NoGenres,
        _ => genre,
    };

    private static Dictionary<string, int> BuildIndex()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < All.Count; i++)
        {
            index[All[i]] = i;
        }

        return index;
    }
}
