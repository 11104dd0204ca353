using Bandit.MovieLens.Features;

namespace Bandit.MovieLens.Tests;

public sealed class SplitterTests(LatestSmallFixture fixture) : IClassFixture<LatestSmallFixture>
{
    private readonly IReadOnlyList<Rating> _ratings = fixture.Data.Ratings;

    [Fact]
    public void UserTime_LatestSmall_HoldsOutEachUsersNewestFifthRoundedUp()
    {
        var split = Splitter.UserTime(_ratings);

        // Every user of ml-latest-small has >= 20 ratings, so each holds out ceil(n / 5) = (n + 4) / 5.
        var expectedTest = _ratings.GroupBy(r => r.UserId).Sum(g => (g.Count() + 4) / 5);
        Assert.Equal(SplitKind.UserTime, split.Kind);
        Assert.Equal(expectedTest, split.Test.Count);
        Assert.Equal(_ratings.Count, split.Train.Count + split.Test.Count);
        Assert.Equal(_ratings.ToHashSet(), split.Train.Concat(split.Test).ToHashSet());
        Assert.Equal(0.0, split.TestColdStartUserShare());
    }

    [Fact]
    public void UserTime_LatestSmall_EveryTestRatingIsNoOlderThanTheUsersTrainRatings()
    {
        var split = Splitter.UserTime(_ratings);

        var newestTrain = split.Train.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.Max(r => r.Timestamp));
        Assert.All(split.Test, r => Assert.True(r.Timestamp >= newestTrain[r.UserId], $"user {r.UserId} movie {r.MovieId}"));
    }

    [Theory]
    [InlineData(1, 1, 0)]
    [InlineData(2, 1, 1)]
    [InlineData(5, 4, 1)]
    [InlineData(6, 4, 2)]
    [InlineData(10, 8, 2)]
    public void UserTime_FewRatings_KeepsAtLeastOneInTrain(int count, int train, int test)
    {
        var ratings = Enumerable.Range(0, count).Select(i => new Rating(7, 100 + i, 4f, 1000 + i)).ToList();

        var split = Splitter.UserTime(ratings);

        Assert.Equal((train, test), (split.Train.Count, split.Test.Count));
    }

    [Fact]
    public void UserTime_SameTimestamp_BreaksTiesByMovieId()
    {
        // Five ratings at one instant: the highest movie id counts as the newest and is held out, whatever the input order.
        Rating[] ratings = [new(1, 30, 4f, 500), new(1, 10, 4f, 500), new(1, 50, 4f, 500), new(1, 20, 4f, 500), new(1, 40, 4f, 500)];

        var split = Splitter.UserTime(ratings);
        var reversed = Splitter.UserTime(Enumerable.Reverse(ratings));

        Assert.Equal([50], split.Test.Select(r => r.MovieId));
        Assert.Equal(split.Train, reversed.Train);
    }

    [Fact]
    public void GlobalTime_LatestSmall_CutsOnceInTimeAndIsMostlyColdStart()
    {
        var split = Splitter.GlobalTime(_ratings);

        // ceil(100,836 * 0.2) = 20,168 test rows.
        Assert.Equal(SplitKind.GlobalTime, split.Kind);
        Assert.Equal(20_168, split.Test.Count);
        Assert.Equal(80_668, split.Train.Count);
        Assert.True(split.Train.Max(r => r.Timestamp) <= split.Test.Min(r => r.Timestamp));

        // The issue says "about 90%" of global-time test rows belong to users unseen in training. An independent
        // count with Python's csv module over ratings.csv (same ordering, same cut) gives 18,247 / 20,168 = 0.9047;
        // the band is that figure ± 2 points, so an off-by-a-window cut or a user-time split would fall outside.
        var coldShare = split.TestColdStartUserShare();
        Assert.InRange(coldShare, 0.885, 0.925);
    }

    [Theory]
    [InlineData("user-time", SplitKind.UserTime)]
    [InlineData("Global-Time", SplitKind.GlobalTime)]
    public void ParseKind_CliNames_RoundTrip(string text, SplitKind kind)
    {
        Assert.Equal(kind, Splitter.ParseKind(text));
        Assert.Equal(text.ToLowerInvariant(), kind.CliName());
    }

    [Fact]
    public void Split_BadArguments_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => Splitter.ParseKind("random"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Splitter.GlobalTime(_ratings, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Splitter.UserTime(_ratings, 0));
    }
}
