using System.Text;

namespace Bandit.MovieLens.Tests;

public sealed class FormatParserTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Load_Ml100kFiles_ParsesRatingsLatin1TitlesAndGenreFlags()
    {
        _temp.Write("u.data", "196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t878887116\n");
        _temp.Write("u.genre", "unknown|0\nAction|1\nChildren's|2\nComedy|3\n\n");
        _temp.Write("u.item",
            "242|Kolya (1996)|24-Jan-1997||http://us.imdb.com/M/title-exact?Kolya%20(1996)|0|0|0|1\n" +
            "302|L.A. Confidential|01-Jan-1997||http://x|0|1|1|0\n" +
            "377|Café au lait (1993)|01-Jan-1993||http://x|0|0|0|0\n" +
            "267|unknown|||http://x|1|0|0|0\n",
            Encoding.Latin1);

        var data = MovieLensLoader.Load(_temp.Path, "ml-100k");

        Assert.Equal(MovieLensFormat.Ml100k, data.Format);
        Assert.Equal([new Rating(196, 242, 3f, 881_250_949), new Rating(186, 302, 3f, 891_717_742), new Rating(22, 377, 1f, 878_887_116)], data.Ratings);
        Assert.Equal(3, data.UserCount);
        Assert.Equal(4, data.MovieCount);
        Assert.Empty(data.Tags);
        Assert.Equal(new[] { "Comedy" }, data.MoviesById[242].Genres);
        Assert.Equal(1996, data.MoviesById[242].Year);
        Assert.Equal(new[] { "Action", "Children" }, data.MoviesById[302].Genres); // "Children's" is mapped
        Assert.Equal(1997, data.MoviesById[302].Year); // no year in the title: the release date's
        Assert.Equal("Café au lait (1993)", data.MoviesById[377].Title); // latin-1 é
        Assert.Equal(new[] { MovieLensGenres.NoGenres }, data.MoviesById[377].Genres); // no flag set
        Assert.Equal(new[] { MovieLensGenres.NoGenres }, data.MoviesById[267].Genres); // "unknown"
        Assert.Null(data.MoviesById[267].Year);
    }

    [Fact]
    public void Load_Ml1mFiles_ParsesDoubleColonSeparatedLatin1()
    {
        _temp.Write("ratings.dat", "1::1193::5::978300760\r\n1::661::3::978302109\r\n2::1193::4::978298413\r\n");
        _temp.Write("movies.dat", "1193::One Flew Over the Cuckoo's Nest (1975)::Drama\r\n661::James and the Giant Peach (1996)::Animation|Children's|Musical\r\n3::Señorita: Part 2 (1999)::unknown\r\n", Encoding.Latin1);
        _temp.Write("users.dat", "1::F::1::10::48067\n");

        var data = MovieLensLoader.Load(_temp.Path);

        Assert.Equal(MovieLensFormat.Ml1m, data.Format);
        Assert.Equal(3, data.Ratings.Count);
        Assert.Equal(new Rating(2, 1193, 4f, 978_298_413), data.Ratings[2]);
        Assert.Equal(2, data.UserCount);
        Assert.Equal("One Flew Over the Cuckoo's Nest (1975)", data.MoviesById[1193].Title);
        Assert.Equal(1975, data.MoviesById[1193].Year);
        Assert.Equal(new[] { "Animation", "Children", "Musical" }, data.MoviesById[661].Genres);
        Assert.Equal("Señorita: Part 2 (1999)", data.MoviesById[3].Title);
        Assert.Equal(new[] { MovieLensGenres.NoGenres }, data.MoviesById[3].Genres);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Load_LatestCsv_AcceptsLfAndCrlfAndQuotedFields(string newline)
    {
        _temp.Write("ratings.csv", string.Join(newline, "userId,movieId,rating,timestamp", "1,11,4.5,100", "2,12,0.5,200", ""));
        _temp.Write("movies.csv", string.Join(newline, "movieId,title,genres", "11,\"American President, The (1995)\",Comedy|Drama", "12,\"Say \"\"Cheese\"\" (2001)\",(no genres listed)", "13,Babylon 5,Sci-Fi", ""));
        _temp.Write("tags.csv", string.Join(newline, "userId,movieId,tag,timestamp", "1,11,\"funny, sad\",150", "2,12,plain,250", ""));

        var data = MovieLensLoader.Load(_temp.Path);

        Assert.Equal([new Rating(1, 11, 4.5f, 100), new Rating(2, 12, 0.5f, 200)], data.Ratings);
        Assert.Equal("American President, The (1995)", data.MoviesById[11].Title);
        Assert.Equal("Say \"Cheese\" (2001)", data.MoviesById[12].Title);
        Assert.Equal(2001, data.MoviesById[12].Year);
        Assert.Null(data.MoviesById[13].Year);
        Assert.Equal([new Tag(1, 11, "funny, sad", 150), new Tag(2, 12, "plain", 250)], data.Tags);
    }

    [Theory]
    [InlineData("ratings.csv", "userId,movieId,rating,timestamp\n1,2,4.0,100\n1,3,four,200\n", 3, "rating 'four'")]
    [InlineData("ratings.csv", "userId,movieId,rating,timestamp\n1,2,4.0,100\n\n1,3,4.0\n", 4, "expected 4 fields")]
    [InlineData("ratings.csv", "userId,movieId,rating,timestamp\n1,2,7.0,100\n", 2, "outside 0.5–5")]
    [InlineData("ratings.csv", "userId,movieId,stars,timestamp\n1,2,4.0,100\n", 1, "header")]
    [InlineData("ratings.csv", "userId,movieId,rating,timestamp\r\nx,2,4.0,100\r\n", 2, "userId 'x'")]
    [InlineData("movies.csv", "movieId,title,genres\n1,\"Unclosed (1995),Drama\n", 2, "not closed")]
    [InlineData("movies.csv", "movieId,title,genres\n1,A (1995),Drama\n2,B (1996)\n", 3, "expected 3 fields")]
    [InlineData("movies.csv", "movieId,title,genres\n1,A (1995),Drama\n1,B (1996),Drama\n", 3, "movieId 1 appears twice")]
    public void Load_MalformedLatestCsv_NamesFileAndLine(string file, string content, int line, string problem)
    {
        WriteValidLatest();
        var path = _temp.Write(file, content);

        var error = Assert.Throws<MovieLensFormatException>(() => MovieLensLoader.Load(_temp.Path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal(line, error.LineNumber);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}, line {line}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedMl100kItem_NamesFileAndLine()
    {
        _temp.Write("u.data", "1\t1\t5\t100\n");
        var path = _temp.Write("u.item", "1|A (1995)|||x|0|1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n2|B (1996)|||x|0|1|0\n");

        var error = Assert.Throws<MovieLensFormatException>(() => MovieLensLoader.Load(_temp.Path));

        Assert.Equal((path, 2), (error.FilePath, error.LineNumber));
        Assert.Contains("19 genre flags", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedMl1mRatings_NamesFileAndLine()
    {
        var path = _temp.Write("ratings.dat", "1::1::5::100\n1::2::5\n");
        _temp.Write("movies.dat", "1::A (1995)::Drama\n");

        var error = Assert.Throws<MovieLensFormatException>(() => MovieLensLoader.Load(_temp.Path));

        Assert.Equal((path, 2), (error.FilePath, error.LineNumber));
    }

    [Fact]
    public void Load_FolderWithoutMovieLensFiles_SaysWhatItExpected()
    {
        _temp.Write("readme.txt", "nothing here");

        var error = Assert.Throws<InvalidDataException>(() => MovieLensLoader.Load(_temp.Path));

        Assert.Contains("u.data", error.Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => MovieLensLoader.Load(Path.Combine(_temp.Path, "missing")));
    }

    private void WriteValidLatest()
    {
        _temp.Write("ratings.csv", "userId,movieId,rating,timestamp\n1,1,4.0,100\n");
        _temp.Write("movies.csv", "movieId,title,genres\n1,A (1995),Drama\n");
    }
}
