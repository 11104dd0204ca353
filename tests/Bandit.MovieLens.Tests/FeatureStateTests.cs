using Bandit.MovieLens.Features;

namespace Bandit.MovieLens.Tests;

/// <summary>The featurizer against numbers worked out by hand on a five-rating example.</summary>
public sealed class FeatureStateTests
{
    // Catalogue: 1 = Action|Comedy 1990, 2 = Comedy 2000, 3 = Drama (no year), 4 = Action 2010 (never rated).
    private static readonly Dictionary<int, Movie> _movies = new()
    {
        [1] = new Movie(1, "A (1990)", 1990, ["Action", "Comedy"]),
        [2] = new Movie(2, "B (2000)", 2000, ["Comedy"]),
        [3] = new Movie(3, "C", null, ["Drama"]),
        [4] = new Movie(4, "D (2010)", 2010, ["Action"]),
    };

    // User 1 clicks 1 and 3, not 2; user 2 clicks 2, not 1. 3 clicks of 5: global rate 0.6.
    private static readonly Rating[] _train =
    [
        new(1, 1, 5.0f, 10), new(1, 2, 3.0f, 11), new(1, 3, 4.0f, 12),
        new(2, 1, 2.0f, 13), new(2, 2, 4.5f, 14),
    ];

    private static readonly FeatureState _state = FeatureState.Build(_train, _movies);

    // Hand-worked rates (prior strengths 10 for users and items, 5 for genres):
    private const double Global = 3.0 / 5;                  // 0.6
    private const double User1 = (2 + 10 * Global) / (3 + 10); // 8/13
    private const double Item1 = (1 + 10 * Global) / (2 + 10); // 7/12 (item 2 likewise)
    private const double User1Action = (1 + 5 * User1) / (1 + 5);   // one click of one Action rating
    private const double User1Comedy = (1 + 5 * User1) / (2 + 5);   // one click of two Comedy ratings
    private const double User2 = (1 + 10 * Global) / (2 + 10);  // 7/12

    [Fact]
    public void Featurize_KnownUserUnratedMovie_MatchesHandComputation()
    {
        var expected = Vector(
            userLogActivity: Math.Log(4), userRate: User1, itemLogPopularity: 0, itemRate: Global,
            genres: ["Action"], affinity: User1Action, year: 2010, yearUnknown: 0, userUnseen: 0, itemUnseen: 1);

        AssertFeatures(expected, _state.Featurize(1, 4));
    }

    [Fact]
    public void Featurize_KnownUserTwoGenreMovie_AveragesGenreAffinities()
    {
        var expected = Vector(
            Math.Log(4), User1, Math.Log(3), Item1, ["Action", "Comedy"], (User1Action + User1Comedy) / 2, 1990, 0, 0, 0);

        AssertFeatures(expected, _state.Featurize(1, 1));
    }

    [Fact]
    public void Featurize_UnratedGenreAndMissingYear_FallsBackToUserRateAndMedianYear()
    {
        // User 2 never rated a Drama: the genre rate is the user's own rate; movie 3 has no year: median of 1990, 2000, 2010.
        var expected = Vector(Math.Log(3), User2, Math.Log(2), (1 + 10 * Global) / (1 + 10), ["Drama"], User2, 2000, 1, 0, 0);

        AssertFeatures(expected, _state.Featurize(2, 3));
    }

    [Fact]
    public void Featurize_UnknownUser_GetsColdStartValuesNotAnError()
    {
        var expected = Vector(0, Global, Math.Log(3), Item1, ["Comedy"], Global, 2000, 0, 1, 0);

        AssertFeatures(expected, _state.Featurize(99, 2));
        Assert.False(_state.IsKnownUser(99));
        Assert.Empty(_state.RatedBy(99));
    }

    [Fact]
    public void Featurize_MovieOutsideTheCatalogue_HasNoGenresAndUnknownYear()
    {
        var expected = Vector(Math.Log(4), User1, 0, Global, [], User1, 2000, 1, 0, 1);

        AssertFeatures(expected, _state.Featurize(1, 777));
    }

    [Fact]
    public void State_ExposesCountsRatedMoviesAndPopularity()
    {
        Assert.Equal((5, 3, 2), (_state.RatingCount, _state.PositiveCount, _state.UserCount));
        Assert.Equal(Global, _state.GlobalPositiveRate, 12);
        Assert.Equal([1, 2, 3], _state.RatedBy(1).Order());
        Assert.Equal([1, 2, 3, 4], _state.CatalogueIds);
        Assert.Equal((float)Item1, _state.PopularityScore(1));
        Assert.Equal((float)Global, _state.PopularityScore(4));
    }

    [Fact]
    public void FeaturizeMany_WritesRowsEqualToSingleCalls_WithoutAllocating()
    {
        int[] movies = [1, 2, 3, 4, 777];
        var block = new float[movies.Length * FeatureSpec.Length];
        _state.FeaturizeMany(1, movies, block); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        _state.FeaturizeMany(1, movies, block);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        for (var i = 0; i < movies.Length; i++)
        {
            Assert.Equal(_state.Featurize(1, movies[i]), block.AsSpan(i * FeatureSpec.Length, FeatureSpec.Length).ToArray());
        }

        Assert.Throws<ArgumentException>(() => _state.Featurize(1, 1, new float[FeatureSpec.Length - 1]));
    }

    [Fact]
    public void FeatureSpec_NamesMatchLayout()
    {
        Assert.Equal(FeatureSpec.Length, FeatureSpec.Names.Count);
        Assert.Equal(FeatureSpec.Names.Count, FeatureSpec.Names.Distinct().Count());
        Assert.Equal(FeatureSpec.GenreCount, MovieLensGenres.All.Count);
        Assert.Equal("genre_Action", FeatureSpec.Names[FeatureSpec.GenreOffset]);
        Assert.Equal("genre_(no genres listed)", FeatureSpec.Names[FeatureSpec.GenreOffset + FeatureSpec.GenreCount - 1]);
        Assert.Equal("user_genre_affinity", FeatureSpec.Names[FeatureSpec.UserGenreAffinity]);
        Assert.Equal("item_unseen", FeatureSpec.Names[^1]);
    }

    private static double[] Vector(
        double userLogActivity, double userRate, double itemLogPopularity, double itemRate, string[] genres,
        double affinity, double year, double yearUnknown, double userUnseen, double itemUnseen)
    {
        var v = new double[FeatureSpec.Length];
        v[0] = userLogActivity;
        v[1] = userRate;
        v[2] = itemLogPopularity;
        v[3] = itemRate;
        foreach (var genre in genres)
        {
            v[4 + MovieLensGenres.All.ToList().IndexOf(genre)] = 1;
        }

        v[24] = affinity;
        v[25] = year;
        v[26] = yearUnknown;
        v[27] = userUnseen;
        v[28] = itemUnseen;
        return v;
    }

    private static void AssertFeatures(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-6, $"{FeatureSpec.Names[i]}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
