using Bandit.MovieLens;
using Bandit.Replay.MovieLensReplay;

namespace Bandit.Replay.Tests;

public sealed class ReplayRewardsTests
{
    // User 1 comes back at t = 1000. Before that (still in the held-out window) they rated movie 10 five stars;
    // afterwards movie 20 (4.5 stars, a click) and movie 30 (3 stars, not a click). Movie 40 they never rated.
    private static readonly Rating[] _heldOut =
    [
        new(1, 10, 5.0f, 500),
        new(1, 20, 4.5f, 2000),
        new(1, 30, 3.0f, 2000),
    ];

    private static readonly Arrival _arrival = new(1, 1000);

    [Fact]
    public void Reward_RecommendedMovieRatedFourOrMoreLater_IsOne() =>
        Assert.Equal(1.0, ReplayRewards.Reward(_arrival, _heldOut, [20, 40], k: 1));

    [Fact]
    public void Reward_RecommendedMovieRatedBelowFourLater_IsZero() =>
        Assert.Equal(0.0, ReplayRewards.Reward(_arrival, _heldOut, [30, 20], k: 1));

    [Fact]
    public void Reward_MovieRatedBeforeArrival_IsExcludedAndTheNextOneShown()
    {
        // Movie 10 was rated 5 stars BEFORE the arrival: it is not shown and does not count, so with k = 1 the
        // slot goes to movie 40 (never rated: 0) in the first ranking and to movie 20 (clicked later: 1) in the second.
        Assert.Equal(0.0, ReplayRewards.Reward(_arrival, _heldOut, [10, 40, 20], k: 1));
        Assert.Equal(1.0, ReplayRewards.Reward(_arrival, _heldOut, [10, 20], k: 1));
    }

    [Fact]
    public void Reward_ClickBeyondTopK_IsZero()
    {
        Assert.Equal(0.0, ReplayRewards.Reward(_arrival, _heldOut, [30, 40, 20], k: 2));
        Assert.Equal(1.0, ReplayRewards.Reward(_arrival, _heldOut, [30, 40, 20], k: 3));
    }

    [Fact]
    public void Compute_TwoArmsTwoSessions_FillsTheFullInformationTable()
    {
        // Two sessions of user 1: day 0 (t = 100) and day 1 (t = 86,500). Movie 20 is clicked on day 0, movie 30 on day 1.
        Rating[] heldOut = [new(1, 20, 4.0f, 100), new(1, 30, 5.0f, 86_500)];
        var arrivals = Arrivals.FromHeldOut(heldOut);
        IUserRanker[] arms = [new FixedRanker("A", [20, 99]), new FixedRanker("B", [30, 99])];

        var table = ReplayRewards.Compute(arrivals, heldOut, arms, k: 1);

        // Day 0: A shows 20 (clicked at t = 100, the arrival time) → 1; B shows 30 (clicked on day 1) → 1.
        // Day 1: 20 was rated before, so A shows 99 → 0; B shows 30 → 1.
        Assert.Equal([new(1, 100), new(1, 86_500)], arrivals);
        Assert.Equal([1.0, 1.0], table[0]);
        Assert.Equal([0.0, 1.0], table[1]);
    }

    [Fact]
    public void FromHeldOut_RatingsOnTwoDays_OneArrivalPerUserDayInTimeOrder()
    {
        Rating[] heldOut = [new(1, 5, 4f, 200), new(1, 6, 4f, 100), new(2, 5, 4f, 150), new(1, 7, 2f, 86_405)];

        var arrivals = Arrivals.FromHeldOut(heldOut);

        Assert.Equal([new Arrival(1, 100), new Arrival(2, 150), new Arrival(1, 86_405)], arrivals);
    }

    private sealed class FixedRanker(string arm, int[] ranking) : IUserRanker
    {
        public string Arm => arm;

        public IReadOnlyList<int> Rank(int userId, int depth) => ranking;
    }
}
