
namespace Bandit.MovieLens.Tests;

public sealed class LatestSmallLoaderTests(LatestSmallFixture fixture) : IClassFixture<LatestSmallFixture>
{
    private readonly MovieLensDataset _data = fixture.Data;

    [Fact]
    public void Load_LatestSmall_HasPublishedCounts()
    {
        // Counts from the data set's README.txt: 100836 ratings, 3683 tags, 9742 movies, 610 users.
        Assert.Equal("ml-latest-small", _data.Name);
        Assert.Equal(MovieLensFormat.LatestCsv, _data.Format);
        Assert.Equal(100_836, _data.Ratings.Count);
        Assert.Equal(610, _data.UserCount);
        Assert.Equal(9_742, _data.MovieCount);
        Assert.Equal(9_742, _data.MoviesById.Count);
        Assert.Equal(3_683, _data.Tags.Count);
    }

    [Fact]
    public void Load_LatestSmall_FirstAndLastRowsMatchTheFile()
    {
        // ratings.csv line 2 is "1,1,4.0,964982703"; movies.csv line 2 "1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy".
        Assert.Equal(new Rating(1, 1, 4.0f, 964_982_703), _data.Ratings[0]);
        var toyStory = _data.MoviesById[1];
        Assert.Equal("Toy Story (1995)", toyStory.Title);
        Assert.Equal(1995, toyStory.Year);
        Assert.Equal(["Adventure", "Animation", "Children", "Comedy", "Fantasy"], toyStory.Genres);
        Assert.Equal(new Tag(2, 60756, "funny", 1_445_714_994), _data.Tags[0]);
    }

    [Fact]
    public void Load_TitleWithQuotedComma_KeepsTheCommaInTheTitle()
    {
        // movies.csv line 12: 11,"American President, The (1995)",Comedy|Drama|Romance
        var movie = _data.MoviesById[11];
        Assert.Equal("American President, The (1995)", movie.Title);
        Assert.Equal(1995, movie.Year);
        Assert.Equal(["Comedy", "Drama", "Romance"], movie.Genres);
    }

    [Fact]
    public void Load_TitlesWithoutYearOrWithRange_ParseAsNullOrFirstYear()
    {
        var babylon5 = _data.Movies.Single(m => m.Title == "Babylon 5");
        Assert.Null(babylon5.Year);
        Assert.Equal(2006, _data.Movies.Single(m => m.Title.StartsWith("Death Note: Desu", StringComparison.Ordinal)).Year);

        // 12 titles carry no year in parentheses (13 without a plain "(yyyy)", less the 2006–2007 range).
        Assert.Equal(12, _data.Movies.Count(m => m.Year is null));
    }

    [Fact]
    public void Load_Genres_AreTheTwentyCanonicalOnes()
    {
        var genres = _data.Movies.SelectMany(m => m.Genres).ToHashSet();
        Assert.Equal(MovieLensGenres.All.Order(), genres.Order());
        Assert.Contains(_data.Movies, m => m.Genres.SequenceEqual([MovieLensGenres.NoGenres]));
    }

    [Fact]
    public void Load_ShippedFiles_UseCrlfLineEndings()
    {
        // The loader must accept CRLF: the shipped files have it (a trailing '\r' would break the last field).
        var head = File.ReadAllBytes(Path.Combine(TestData.LatestSmallFolder, "ratings.csv")).AsSpan(0, 64).ToArray();
        Assert.Contains((byte)'\r', head);
        Assert.All(_data.Ratings.Take(1000), r => Assert.True(r.Timestamp > 800_000_000));
    }

    [Fact]
    public void LocateShipped_FromTestBinaries_FindsTheShippedCopy()
    {
        var folder = MovieLensDataSets.LocateShipped();

        Assert.Equal(Path.GetFullPath(TestData.LatestSmallFolder), Path.GetFullPath(folder));
        Assert.Equal(folder, MovieLensDataSets.Resolve("ml-latest-small"));
        Assert.Equal(folder, MovieLensDataSets.LocateShipped(TestData.RepositoryRoot));
    }

    [Fact]
    public void Labels_RatingOfFourOrMore_IsAClick()
    {
        Assert.True(new Rating(1, 1, 4.0f, 0).IsClick());
        Assert.True(Labels.IsClick(5.0f));
        Assert.False(new Rating(1, 1, 3.5f, 0).IsClick());
        Assert.Equal(4.0f, Labels.ClickThreshold);
    }
}
