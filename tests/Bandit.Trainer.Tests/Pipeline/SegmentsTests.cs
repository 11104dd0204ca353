using Bandit.MovieLens;
using Bandit.MovieLens.Features;
using Bandit.Trainer.Evaluation;

namespace Bandit.Trainer.Tests.Pipeline;

public sealed class SegmentsTests
{
    [Theory]
    [InlineData("Sci-Fi", "genre_sci_fi")]
    [InlineData("Film-Noir", "genre_film_noir")]
    [InlineData("(no genres listed)", "genre_no_genres_listed")]
    [InlineData("Action", "genre_action")]
    public void GenreKey_Names_AreMetricSafe(string genre, string key)
    {
        Assert.Equal(key, Segments.GenreKey(genre));
    }

    [Fact]
    public void PopularItems_TopTwentyPercentRoundedUp_TiesByMovieId()
    {
        // 6 rated movies → ceil(1.2) = 2 popular: movie 10 (5 ratings), then 20 and 30 tie at 3 → 20 (lower id).
        var counts = new Dictionary<int, int> { [10] = 5, [30] = 3, [20] = 3, [40] = 1, [50] = 1, [60] = 2 };

        Assert.Equal([10, 20], Segments.PopularItems(counts).Order());
    }

    [Fact]
    public void Build_HandCase_AssignsColdStartPopularityAndGenres()
    {
        var movies = new Dictionary<int, Movie>
        {
            [1] = new(1, "A (2000)", 2000, ["Comedy"]),
            [2] = new(2, "B (2001)", 2001, ["Drama", "Sci-Fi"]),
        };
        Rating[] train = [new(7, 1, 5, 10), new(7, 1, 4, 11), new(8, 2, 3, 12)];
        CtrExample[] test = [Example(7, 2), Example(9, 1)];

        var segments = Segments.Build(test, train, movies).ToDictionary(s => s.Key);

        Assert.Equal([false, true], segments["cold_start_users"].Mask);
        Assert.Equal([true, false], segments["warm_users"].Mask);
        Assert.Equal([false, true], segments["popular_items"].Mask); // 2 rated movies → ceil(0.4) = 1: movie 1
        Assert.Equal([true, false], segments["long_tail_items"].Mask);
        Assert.Equal([true, false], segments["genre_sci_fi"].Mask);
        Assert.Equal([false, true], segments["genre_comedy"].Mask);
        Assert.Equal(2, segments["all"].Count);
    }

    private static CtrExample Example(int user, int movie) => new(user, movie, 100, true, new float[FeatureSpec.Length]);
}
