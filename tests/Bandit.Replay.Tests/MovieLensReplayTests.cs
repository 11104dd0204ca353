using Bandit.Contracts;
using Bandit.MovieLens;
using Bandit.Replay.MovieLensReplay;

namespace Bandit.Replay.Tests;

/// <summary>The replay on a small MovieLens subset (the first 25 users of ml-latest-small), built once.</summary>
public sealed class MovieLensReplayFixture
{
    public MovieLensReplayFixture()
    {
        var full = MovieLensLoader.Load(DataLocator.DefaultFolder());
        var users = full.Ratings.Select(r => r.UserId).Distinct().Order().Take(25).ToHashSet();
        Data = new MovieLensDataset("subset", full.Format, [.. full.Ratings.Where(r => users.Contains(r.UserId))], full.Movies, []);
        Replay = MovieLensReplayBuilder.Build(Data, seed: 12345, k: 10, maxArrivals: 40, arms: 3);
    }

    public MovieLensDataset Data { get; }

    public ReplayData Replay { get; }
}

public sealed class MovieLensReplayTests(MovieLensReplayFixture fixture) : IClassFixture<MovieLensReplayFixture>
{
    [Fact]
    public void Build_Subset_ArrivalsAreHeldOutSessionsInTimeOrder()
    {
        var replay = fixture.Replay;

        Assert.Equal(40, replay.Arrivals.Count);
        Assert.True(replay.TotalArrivals >= 40);
        Assert.Equal(replay.Arrivals.OrderBy(a => a.Timestamp).ThenBy(a => a.UserId), replay.Arrivals);
        // Every arrival is the time of one of that user's ratings (the first of a held-out session).
        var byUser = fixture.Data.Ratings.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.Select(r => r.Timestamp).ToArray());
        Assert.All(replay.Arrivals, a => Assert.Contains(a.Timestamp, byUser[a.UserId]));
    }

    [Fact]
    public void Build_Subset_RewardTableIsBinaryPerArmAndArmsBeatZero()
    {
        var replay = fixture.Replay;

        Assert.Equal(["PolicyA", "PolicyB", "PolicyC"], replay.ArmNames);
        Assert.All(replay.Rewards, row => Assert.All(row, r => Assert.True(r is 0.0 or 1.0)));
        // Top-10 of ~9,700 unseen movies at random would hit one of a user's ~10 later clicks with probability ~1%;
        // the trained models must do better than "no click at all" over 40 arrivals.
        Assert.All(replay.Ctr, ctr => Assert.InRange(ctr, 0.025, 1.0));
    }

    [Fact]
    public void ToEnvironment_Replay_HashesOnTheUserSoAUserKeepsOneArm()
    {
        var environment = fixture.Replay.ToEnvironment(2);
        var log = Simulation.BanditSimulator.Run(Allocation.AllocationStrategies.Get(StrategyNames.Hash),
            Simulation.BanditSimulator.ConfigFor(StrategyNames.Hash, 1, environment.ArmNames), environment, 1);

        var armsPerUser = fixture.Replay.Arrivals.Select((a, t) => (a.UserId, Arm: log.Arms[t])).GroupBy(x => x.UserId).Select(g => g.Select(x => x.Arm).Distinct().Count());

        Assert.All(armsPerUser, n => Assert.Equal(1, n));
        Assert.Equal(log.Rewards, fixture.Replay.Rewards.Select((row, t) => row[log.Arms[t]]));
    }

    [Fact]
    public void ToEnvironment_TwoOfThreeArms_KeepsTheirColumnsAndEveryContext()
    {
        var two = fixture.Replay.ToEnvironment(2);
        var three = fixture.Replay.ToEnvironment();

        Assert.Equal(["PolicyA", "PolicyB"], two.ArmNames);
        Assert.Equal(3, three.ArmNames.Count);
        Assert.All(Enumerable.Range(0, two.Horizon), t => Assert.Equal(fixture.Replay.Rewards[t][..2], two.Rewards[t]));
        Assert.Equal(Bandit.MovieLens.Features.UserContext.Names.Count, two.ContextDimension);
        Assert.All(Enumerable.Range(0, two.Horizon), t => Assert.Equal(1.0, two.Context(t)![0]));
    }

    [Fact]
    public void LinearThompson_OnTheReplay_RunsWithContextsAndLogsPropensities()
    {
        var environment = fixture.Replay.ToEnvironment();
        var log = Simulation.BanditSimulator.Run(Allocation.AllocationStrategies.Get(StrategyNames.LinearThompson),
            Simulation.BanditSimulator.ConfigFor(StrategyNames.LinearThompson, 1, environment.ArmNames), environment, 1);

        Assert.Equal(environment.Horizon, log.Length);
        Assert.All(log.Propensities, p => Assert.InRange(p, Allocation.ThompsonStrategy.MinPropensity, 1.0));
    }
}
