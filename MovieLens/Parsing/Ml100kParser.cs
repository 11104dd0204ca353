using System.Globalization;
using System.Text;

namespace Bandit.MovieLens.Parsing;

/// <summary>ml-100k: <c>u.data</c> (tab-separated user, item, rating, timestamp), <c>u.item</c> (pipe-separated
/// latin-1: id|title|release date|video release date|IMDb URL|19 genre flags) and <c>u.genre</c> (name|index).</summary>
internal static class Ml100kParser
{
    public const string RatingsFile = "u.data";
    public const string MoviesFile = "u.item";
    public const string GenresFile = "u.genre";

    private const int LeadingItemFields = 5;

    /// <summary>u.genre's content, used when the file is absent.</summary>
    private static readonly string[] _defaultGenres =
    [
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
        "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ];

    public static List<Rating> ReadRatings(string path)
    {
        using var source = new LineSource(path, Encoding.Latin1);
        var ratings = new List<Rating>(capacity: 128 * 1024);
        Span<Range> ranges = stackalloc Range[5];
        while (source.TryRead(out var line))
        {
            FieldParser.Split(source, line, "\t", ranges, "user id, item id, rating, timestamp separated by tabs");
            var text = line.AsSpan();
            ratings.Add(new Rating(
                FieldParser.Int(source, text[ranges[0]], "user id"),
                FieldParser.Int(source, text[ranges[1]], "item id"),
                FieldParser.Stars(source, text[ranges[2]]),
                FieldParser.Long(source, text[ranges[3]], "timestamp")));
        }

        return ratings;
    }

    /// <summary>The genre names in flag order, from u.genre when it exists.</summary>
    public static string[] ReadGenres(string path)
    {
        if (!File.Exists(path))
        {
            return _defaultGenres;
        }

        using var source = new LineSource(path, Encoding.Latin1);
        var byIndex = new SortedDictionary<int, string>();
        Span<Range> ranges = stackalloc Range[3];
        while (source.TryRead(out var line))
        {
            FieldParser.Split(source, line, "|", ranges, "name|index");
            var index = FieldParser.Int(source, line.AsSpan()[ranges[1]], "genre index");
            if (!byIndex.TryAdd(index, line[ranges[0]].Trim()))
            {
                throw source.Error($"genre index {index} appears twice");
            }
        }

        if (byIndex.Count == 0 || byIndex.Keys.First() != 0 || byIndex.Keys.Last() != byIndex.Count - 1)
        {
            throw new MovieLensFormatException(path, source.LineNumber, "genre indexes must run 0, 1, 2, … without gaps");
        }

        return [.. byIndex.Values];
    }

    public static List<Movie> ReadMovies(string path, string[] genreNames)
    {
        using var source = new LineSource(path, Encoding.Latin1);
        var movies = new List<Movie>(capacity: 2048);
        var fieldCount = LeadingItemFields + genreNames.Length;
        var ranges = new Range[fieldCount + 1];
        var genres = new List<string>(4);
        var seen = new HashSet<int>();
        while (source.TryRead(out var line))
        {
            FieldParser.Split(source, line, "|", ranges, $"id|title|release date|video release date|IMDb URL|{genreNames.Length} genre flags");
            var text = line.AsSpan();
            var title = text[ranges[1]].Trim().ToString();
            if (title.Length == 0)
            {
                throw source.Error("the title is empty");
            }

            genres.Clear();
            for (var g = 0; g < genreNames.Length; g++)
            {
                var flag = text[ranges[LeadingItemFields + g]].Trim();
                if (flag is not ("0" or "1"))
                {
                    throw source.Error($"genre flag {g + 1} ('{genreNames[g]}') is '{flag}', expected 0 or 1");
                }

                if (flag is "1")
                {
                    genres.Add(MovieLensGenres.Canonical(genreNames[g]));
                }
            }

            if (genres.Count == 0)
            {
                genres.Add(MovieLensGenres.NoGenres);
            }

            var year = TitleYear.Parse(title) ?? ReleaseYear(text[ranges[2]]);
            movies.Add(new Movie(FieldParser.UniqueId(source, text[ranges[0]], "movie id", seen), title, year, [.. genres]));
        }

        return movies;
    }

    /// <summary>u.item's release date looks like <c>01-Jan-1995</c>; its last four characters are the year.</summary>
    private static int? ReleaseYear(ReadOnlySpan<char> date)
    {
        date = date.Trim();
        return date.Length >= 4 && int.TryParse(date[^4..], NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? year : null;
    }
}
