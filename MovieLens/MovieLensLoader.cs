using Bandit.MovieLens.Parsing;

namespace Bandit.MovieLens;

/// <summary>Reads a MovieLens folder in any of the <see cref="MovieLensFormat"/>s, detected from the files present.</summary>
public static class MovieLensLoader
{
    /// <summary>Loads ratings, movies and tags. Malformed content throws <see cref="MovieLensFormatException"/>
    /// naming the file and the 1-based line.</summary>
    /// <param name="folder">The folder holding the files (e.g. <c>data/movielens/ml-latest-small</c>).</param>
    /// <param name="name">The data set's name; defaults to the folder's name.</param>
    public static MovieLensDataset Load(string folder, string? name = null)
    {
        var format = DetectFormat(folder);
        name ??= new DirectoryInfo(Path.GetFullPath(folder)).Name;
        return format switch
        {
            MovieLensFormat.LatestCsv => new MovieLensDataset(
                name,
                format,
                LatestCsvParser.ReadRatings(Path.Combine(folder, LatestCsvParser.RatingsFile)),
                LatestCsvParser.ReadMovies(Path.Combine(folder, LatestCsvParser.MoviesFile)),
                File.Exists(Path.Combine(folder, LatestCsvParser.TagsFile)) ? LatestCsvParser.ReadTags(Path.Combine(folder, LatestCsvParser.TagsFile)) : []),
            MovieLensFormat.Ml100k => new MovieLensDataset(
                name,
                format,
                Ml100kParser.ReadRatings(Path.Combine(folder, Ml100kParser.RatingsFile)),
                Ml100kParser.ReadMovies(Path.Combine(folder, Ml100kParser.MoviesFile), Ml100kParser.ReadGenres(Path.Combine(folder, Ml100kParser.GenresFile))),
                []),
            MovieLensFormat.Ml1m => new MovieLensDataset(
                name,
                format,
                Ml1mParser.ReadRatings(Path.Combine(folder, Ml1mParser.RatingsFile)),
                Ml1mParser.ReadMovies(Path.Combine(folder, Ml1mParser.MoviesFile)),
                []),
            _ => throw new InvalidOperationException($"unhandled format {format}"),
        };
    }

    /// <summary>Which layout the folder holds; throws when it holds none.</summary>
    public static MovieLensFormat DetectFormat(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"MovieLens folder '{folder}' does not exist");
        }

        if (TryDetectFormat(folder) is { } format)
        {
            return format;
        }

        throw new InvalidDataException(
            $"'{folder}' holds no MovieLens data set: expected ratings.csv + movies.csv (ml-latest), u.data + u.item (ml-100k) or ratings.dat + movies.dat (ml-1m)");
    }

    /// <summary>Which layout the folder holds, or null when it holds none.</summary>
    public static MovieLensFormat? TryDetectFormat(string folder)
    {
        bool Has(string a, string b) => File.Exists(Path.Combine(folder, a)) && File.Exists(Path.Combine(folder, b));

        if (Has(LatestCsvParser.RatingsFile, LatestCsvParser.MoviesFile))
        {
            return MovieLensFormat.LatestCsv;
        }

        if (Has(Ml100kParser.RatingsFile, Ml100kParser.MoviesFile))
        {
            return MovieLensFormat.Ml100k;
        }

        return Has(Ml1mParser.RatingsFile, Ml1mParser.MoviesFile) ? MovieLensFormat.Ml1m : null;
    }
}
