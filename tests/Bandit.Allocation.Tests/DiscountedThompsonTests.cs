using Bandit.Allocation;
using Bandit.Contracts;

namespace Bandit.Allocation.Tests;

public sealed class DiscountedThompsonTests
{
    [Fact]
    public void DiscountedCounts_OneHalfLifeLater_HalvesAndANewRewardWeighsOne()
    {
        var counts = DiscountedCounts.Empty.Add(1.0, nowMs: 1_000, halfLifeSeconds: 10).Add(0.0, nowMs: 1_000, halfLifeSeconds: 10);

        var later = counts.DecayTo(11_000, halfLifeSeconds: 10);
        var added = later.Add(1.0, 11_000, halfLifeSeconds: 10);

        Assert.Equal(new DiscountedCounts(2, 1, 1_000), counts);
        Assert.Equal(new DiscountedCounts(1, 0.5, 11_000), later);
        Assert.Equal(new DiscountedCounts(2, 1.5, 11_000), added);
        // Two half-lives: a quarter, whatever route the time took (decay is multiplicative).
        Assert.Equal(counts.DecayTo(21_000, 10).Updates, counts.DecayTo(11_000, 10).DecayTo(21_000, 10).Updates, 1e-15);
        Assert.Equal(0.5, counts.DecayTo(21_000, 10).Updates, 1e-15);
    }

    [Fact]
    public void DiscountedCounts_ClockStepsBack_ForgetsNothingAndKeepsTheLaterTime()
    {
        var counts = new DiscountedCounts(4, 2, 50_000);

        var back = counts.DecayTo(40_000, 10);

        Assert.Equal(counts, back);
    }

    [Fact]
    public void Snapshot_DiscountedStrategy_PosteriorsAreOverTheDiscountedSums()
    {
        var config = TestConfigs.Arms(StrategyNames.DiscountedThompson, 2);
        var stats = new[] { new ArmStats("Arm0", 1000, 1000, 100, 20, 2), new ArmStats("Arm1", 1000, 1000, 50, 30, 9) };

        var discounted = PosteriorSnapshot.Create(config, stats);
        var stationary = PosteriorSnapshot.Create(config.WithStrategy(StrategyNames.Thompson), stats);

        Assert.True(discounted.IsDiscounted);
        Assert.Equal((1 + 2, 1 + 18), (discounted.Posteriors[0].Alpha, discounted.Posteriors[0].Beta));
        Assert.Equal((1 + 9, 1 + 21), (discounted.Posteriors[1].Alpha, discounted.Posteriors[1].Beta));
        Assert.Equal((1 + 100, 1 + 900), (stationary.Posteriors[0].Alpha, stationary.Posteriors[0].Beta));
        Assert.True(discounted.PBest[1] > 0.9, $"on the recent evidence arm 1 leads: {discounted.PBest[1]:F3}");
        Assert.True(stationary.PBest[0] > 0.99, $"on all the evidence arm 0 leads: {stationary.PBest[0]:F3}");
    }

    [Fact]
    public void Snapshot_DiscountedRewardsAboveUpdates_IsRefused()
    {
        var config = TestConfigs.Arms(StrategyNames.DiscountedThompson, 1);

        var error = Assert.Throws<ArgumentException>(() => PosteriorSnapshot.Create(config, [new ArmStats("Arm0", 1, 1, 1, 1.0, 1.5)]));

        Assert.Contains("discounted", error.Message);
    }

    [Fact]
    public void Choose_SnapshotOfAnotherStrategy_IsRefusedEitherWay()
    {
        var discounted = PosteriorSnapshot.Create(TestConfigs.Arms(StrategyNames.DiscountedThompson, 2));
        var stationary = PosteriorSnapshot.Create(TestConfigs.Arms(StrategyNames.Thompson, 2));
        var random = new SeededRandomSource(1);

        Assert.Throws<ArgumentException>(() => new DiscountedThompsonStrategy().Choose(new DecisionContext(stationary, "u", random)));
        Assert.Throws<ArgumentException>(() => new ThompsonStrategy().Choose(new DecisionContext(discounted, "u", random)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Choose_BetterArmSwapsHalfway_DiscountedFollowsWhereStationaryStaysBehind(int seed)
    {
        // 0.05 vs 0.15 for 3,000 decisions, then swapped for 3,000; one decision per second, half-life 200 s.
        // After the swap stationary Thompson carries ~2,800 pulls of evidence for the old winner: its mean falls below
        // the new winner's only after thousands of decisions, unless a lucky early draw of the other arm turns it.
        // Discounted Thompson keeps at most ~1.44·200 ≈ 290 rewards' worth: it turns within a few half-lives
        // (≈ 400 decisions) and then explores about as much as a 290-sample posterior does (5–10%), so it should put
        // about (3,000 − 400)/3,000 · 0.92 ≈ 80% of the post-swap traffic on the new winner; 70% leaves a margin.
        var discounted = Run(StrategyNames.DiscountedThompson, seed);
        var stationary = Run(StrategyNames.Thompson, seed);

        var discountedShare = BanditSimulation.ShareOfLast(discounted, 3_000, arm: 0);
        var stationaryShare = BanditSimulation.ShareOfLast(stationary, 3_000, arm: 0);
        Assert.True(discountedShare > 0.7, $"seed {seed}: discounted {discountedShare:P1}");
        Assert.True(discountedShare > stationaryShare, $"seed {seed}: discounted {discountedShare:P1}, stationary {stationaryShare:P1}");
    }

    private static int[] Run(string strategy, int seed)
    {
        var config = TestConfigs.Arms(strategy, 2) with { DiscountHalfLifeSeconds = 200 };
        var random = new SeededRandomSource(seed);
        var world = new Random(seed + 1_000);
        var updates = new long[2];
        var rewards = new double[2];
        var discounted = new DiscountedCounts[2];
        var chosen = new int[6_000];
        PosteriorSnapshot? snapshot = null;
        for (var t = 0; t < chosen.Length; t++)
        {
            var nowMs = t * 1_000L;
            if (t % 10 == 0)
            {
                snapshot = PosteriorSnapshot.Create(config, config.Arms.Select((a, i) =>
                {
                    var d = discounted[i].DecayTo(nowMs, config.DiscountHalfLifeSeconds);
                    return new ArmStats(a.Name, updates[i], updates[i], rewards[i], d.Updates, d.Rewards);
                }));
            }

            var arm = AllocationStrategies.Get(strategy).Choose(new DecisionContext(snapshot!, $"u{t}", random)).ArmIndex;
            double[] p = t < 3_000 ? [0.05, 0.15] : [0.15, 0.05];
            var reward = world.NextDouble() < p[arm] ? 1.0 : 0.0;
            chosen[t] = arm;
            updates[arm]++;
            rewards[arm] += reward;
            discounted[arm] = discounted[arm].Add(reward, nowMs, config.DiscountHalfLifeSeconds);
        }

        return chosen;
    }
}
