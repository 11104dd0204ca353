namespace Bandit.MovieLens;

/// <summary>The file layouts <see cref="MovieLensLoader"/> understands.</summary>
public enum MovieLensFormat
{
    /// <summary><c>ml-latest-small</c> / <c>ml-latest</c> (and ml-20m, ml-25m, ml-32m): UTF-8 CSV with headers.</summary>
    LatestCsv,

    /// <summary><c>ml-100k</c>: tab-separated <c>u.data</c>, pipe-separated latin-1 <c>u.item</c> with 19 genre flags, <c>u.genre</c>.</summary>
    Ml100k,

    /// <summary><c>ml-1m</c>: <c>::</c>-separated latin-1 <c>ratings.dat</c> and <c>movies.dat</c>.</summary>
    Ml1m,
}
