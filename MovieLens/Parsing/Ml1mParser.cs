using System.Text;

namespace Bandit.MovieLens.Parsing;

/// <summary>ml-1m: <c>ratings.dat</c> (<c>UserID::MovieID::Rating::Timestamp</c>) and <c>movies.dat</c>
/// (<c>MovieID::Title::Genres</c>), both latin-1.</summary>
internal static class Ml1mParser
{
    public const string RatingsFile = "ratings.dat";
    public const string MoviesFile = "movies.dat";

    public static List<Rating> ReadRatings(string path)
    {
        using var source = new LineSource(path, Encoding.Latin1);
        var ratings = new List<Rating>(capacity: 1 << 20);
        Span<Range> ranges = stackalloc Range[5];
        while (source.TryRead(out var line))
        {
            FieldParser.Split(source, line, "::", ranges, "UserID::MovieID::Rating::Timestamp");
            var text = line.AsSpan();
            ratings.Add(new Rating(
                FieldParser.Int(source, text[ranges[0]], "UserID"),
                FieldParser.Int(source, text[ranges[1]], "MovieID"),
                FieldParser.Stars(source, text[ranges[2]]),
                FieldParser.Long(source, text[ranges[3]], "Timestamp")));
        }

        return ratings;
    }

    public static List<Movie> ReadMovies(string path)
    {
        using var source = new LineSource(path, Encoding.Latin1);
        var movies = new List<Movie>(capacity: 4096);
        var seen = new HashSet<int>();
        while (source.TryRead(out var line))
        {
            // Split on the first and the last separator, so a title holding "::" still parses.
            var first = line.IndexOf("::", StringComparison.Ordinal);
            var last = line.LastIndexOf("::", StringComparison.Ordinal);
            if (first < 0 || last <= first)
            {
                throw source.Error("expected 3 fields (MovieID::Title::Genres)");
            }

            var title = line[(first + 2)..last].Trim();
            if (title.Length == 0)
            {
                throw source.Error("the title is empty");
            }

            var id = FieldParser.UniqueId(source, line.AsSpan(0, first), "MovieID", seen);
            movies.Add(new Movie(id, title, TitleYear.Parse(title), LatestCsvParser.Genres(source, line[(last + 2)..])));
        }

        return movies;
    }
}
