using System.Text;

namespace Bandit.MovieLens.Parsing;

/// <summary>ml-latest(-small) CSV files: <c>ratings.csv</c>, <c>movies.csv</c>, optional <c>tags.csv</c>.</summary>
internal static class LatestCsvParser
{
    public const string RatingsFile = "ratings.csv";
    public const string MoviesFile = "movies.csv";
    public const string TagsFile = "tags.csv";

    public static List<Rating> ReadRatings(string path)
    {
        using var source = new LineSource(path, Encoding.UTF8);
        FieldParser.Header(source, "userId,movieId,rating,timestamp");
        var ratings = new List<Rating>(capacity: 128 * 1024);
        Span<Range> ranges = stackalloc Range[5];
        while (source.TryRead(out var line))
        {
            if (line.Contains('"'))
            {
                var fields = new List<string>(4);
                CsvLine.Split(source, line, fields, 4, "userId,movieId,rating,timestamp");
                ratings.Add(new Rating(
                    FieldParser.Int(source, fields[0], "userId"),
                    FieldParser.Int(source, fields[1], "movieId"),
                    FieldParser.Stars(source, fields[2]),
                    FieldParser.Long(source, fields[3], "timestamp")));
                continue;
            }

            // The fast path: rating lines carry no quotes.
            FieldParser.Split(source, line, ",", ranges, "userId,movieId,rating,timestamp");
            var text = line.AsSpan();
            ratings.Add(new Rating(
                FieldParser.Int(source, text[ranges[0]], "userId"),
                FieldParser.Int(source, text[ranges[1]], "movieId"),
                FieldParser.Stars(source, text[ranges[2]]),
                FieldParser.Long(source, text[ranges[3]], "timestamp")));
        }

        return ratings;
    }

    public static List<Movie> ReadMovies(string path)
    {
        using var source = new LineSource(path, Encoding.UTF8);
        FieldParser.Header(source, "movieId,title,genres");
        var movies = new List<Movie>(capacity: 16 * 1024);
        var fields = new List<string>(3);
        var seen = new HashSet<int>();
        while (source.TryRead(out var line))
        {
            CsvLine.Split(source, line, fields, 3, "movieId,title,genres");
            var id = FieldParser.UniqueId(source, fields[0], "movieId", seen);
            var title = fields[1].Trim();
            if (title.Length == 0)
            {
                throw source.Error("the title is empty");
            }

            movies.Add(new Movie(id, title, TitleYear.Parse(title), Genres(source, fields[2])));
        }

        return movies;
    }

    public static List<Tag> ReadTags(string path)
    {
        using var source = new LineSource(path, Encoding.UTF8);
        FieldParser.Header(source, "userId,movieId,tag,timestamp");
        var tags = new List<Tag>(capacity: 8 * 1024);
        var fields = new List<string>(4);
        while (source.TryRead(out var line))
        {
            CsvLine.Split(source, line, fields, 4, "userId,movieId,tag,timestamp");
            tags.Add(new Tag(
                FieldParser.Int(source, fields[0], "userId"),
                FieldParser.Int(source, fields[1], "movieId"),
                fields[2],
                FieldParser.Long(source, fields[3], "timestamp")));
        }

        return tags;
    }

    internal static string[] Genres(LineSource source, string text)
    {
        var genres = text.Trim().Split('|', StringSplitOptions.TrimEntries);
        if (genres.Length == 0 || genres.Any(g => g.Length == 0))
        {
            throw source.Error($"genres '{text}' has an empty entry");
        }

        for (var i = 0; i < genres.Length; i++)
        {
            genres[i] = MovieLensGenres.Canonical(genres[i]);
        }

        return genres;
    }
}
