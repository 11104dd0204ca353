using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Replay.MovieLensReplay;
using Bandit.Replay.Simulation;

namespace Bandit.Replay.Tests;

public sealed class DriftAndArmsTests
{
    private const int Seeds = 10;

    [Fact]
    public void Drifting_DiscountedThompson_LosesLessThanStationaryThompsonInMostSeeds()
    {
        // 0.05 vs 0.15, swapped after 2,000 of 4,000 decisions; half-life 200 decisions. Stationary Thompson enters the
        // second half with ~1,900 pulls of evidence that B is better: B's mean stays above A's posterior until B has been
        // pulled roughly as often again at its new rate, so it loses ≈ 0.10 per decision for a large part of the second
        // half (hundreds of clicks in most seeds) unless a lucky draw turns it early. Discounted Thompson forgets: after
        // a few half-lives (≈ 400–600 decisions) it has turned, then it explores like a ~290-sample posterior (5–10%):
        // ≈ 0.10·(500 + 0.08·1,500) ≈ 60 clicks. Asked: lower in at least 8 of 10 seeds, and lower on average.
        var environment = DriftingEnvironment.Swap(0.05, 0.15, 4_000);

        var comparison = StrategyComparison.Run(environment, Seeds, refreshEvery: 20, [StrategyNames.Thompson, StrategyNames.DiscountedThompson], halfLife: 200);

        var discounted = comparison[StrategyNames.DiscountedThompson].Runs.Select(r => r.FinalRegret).ToArray();
        var stationary = comparison[StrategyNames.Thompson].Runs.Select(r => r.FinalRegret).ToArray();
        var wins = discounted.Zip(stationary).Count(p => p.First < p.Second);
        Assert.True(wins >= 8, $"discounted below stationary in {wins}/10 seeds: [{string.Join(", ", discounted.Select(x => x.ToString("0")))}] vs [{string.Join(", ", stationary.Select(x => x.ToString("0")))}]");
        Assert.True(discounted.Average() < stationary.Average());
    }

    [Fact]
    public void Drifting_ShareSeries_CountsTheArmBestAtEachStep()
    {
        var environment = DriftingEnvironment.Swap(0.05, 0.15, 1_000);

        Assert.Equal(1, environment.BestArmAt(499, bestFixed: 0));
        Assert.Equal(0, environment.BestArmAt(500, bestFixed: 0));
        Assert.Equal(0.15, environment.Mean(999, 0));
        Assert.Equal(["A", "B"], environment.ArmNames);
    }

    [Fact]
    public void Thompson_ThreeArms_PutsNinetyPercentOfTrafficOnTheBestWithinAFewThousandDecisions()
    {
        // 0.05 / 0.10 / 0.15, a fresh snapshot every 20 decisions. The hard pair is 0.10 vs 0.15: KL(0.10 ‖ 0.15) ≈ 0.011,
        // so telling them apart to ~3σ takes a few hundred pulls of each, and 90% of a 200-decision window on the best
        // arm needs P(best) ≳ 0.9 sustained. The issue's target is 1,000 decisions (reported by the replay over 20 seeds);
        // here every seed must get there within 4,000, and the median within 2,000.
        var comparison = StrategyComparison.Run(new BernoulliEnvironment([0.05, 0.10, 0.15], 4_000), Seeds, refreshEvery: 20, [StrategyNames.Thompson]);

        var thompson = comparison[StrategyNames.Thompson];

        Assert.Equal(2, comparison.BestArm);
        Assert.Equal(Seeds, thompson.Reached90);
        Assert.True(Percentiles.Of([.. thompson.Runs.Select(r => (double)r.DecisionsTo90!.Value)], 0.5) <= 2_000,
            $"decisions to 90%: {string.Join(", ", thompson.Runs.Select(r => r.DecisionsTo90))}");
    }

    [Fact]
    public void HashSplit_ThreeArms_RegretIsTTimesBestMinusMean()
    {
        // Each new user lands on arm i with probability 1/3 (equal weights): regret per decision has mean
        // p* − p̄ = 0.15 − 0.10 = 0.05 and variance E[Δ²] − 0.05² = (0.1² + 0.05² + 0)/3 − 0.0025 = 0.001667. Over
        // T = 2,000 and 10 seeds the mean regret has σ = sqrt(2,000·0.001667/10) ≈ 0.58; ±4σ around T·0.05 = 100.
        var comparison = StrategyComparison.Run(new BernoulliEnvironment([0.05, 0.10, 0.15], 2_000), Seeds, refreshEvery: 50, [StrategyNames.Hash]);

        Assert.InRange(comparison[StrategyNames.Hash].Regret.Mean, 100 - (4 * 0.58), 100 + (4 * 0.58));
    }

    [Fact]
    public void StrategiesFor_ContextualOnlyWhereThereIsAContext()
    {
        var plain = new BernoulliEnvironment([0.1, 0.2], 10);
        var withContext = new TableEnvironment("t", ["A", "B"], [[0.0, 1.0]], ["u"], [[1.0, 0.5]]);

        Assert.DoesNotContain(StrategyNames.LinearThompson, StrategyComparison.StrategiesFor(plain));
        Assert.Contains(StrategyNames.LinearThompson, StrategyComparison.StrategiesFor(withContext));
        Assert.Equal(2, withContext.ContextDimension);
    }

    [Fact]
    public void ReplayPolicies_ThreeArms_AreTheTrainersThreeFamilies()
    {
        var three = ReplayPolicies.For(seed: 1, arms: 3);

        Assert.Equal(["PolicyA", "PolicyB", "PolicyC"], three.Select(p => p.Policy));
        Assert.Equal(Bandit.Training.Modeling.Policies.All(1).Select(p => p.Trainer), three.Select(p => p.Trainer));
        Assert.Equal(3, three.Select(p => p.Trainer).Distinct().Count());
        Assert.Equal(["PolicyA", "PolicyB"], ReplayPolicies.For(1, 2).Select(p => p.Policy));
    }

    [Theory]
    [InlineData(new long[] { }, 1_000L, null)]
    [InlineData(new long[] { 0 }, 86_400L, 1.0)]
    [InlineData(new long[] { 0, 43_200, 86_400 }, 86_400L, 0.5)]
    [InlineData(new long[] { 86_400, 86_400 }, 86_400L, null)]
    public void DaysSincePrevious_IsTheGapToTheLastEarlierRating(long[] times, long at, double? expected)
    {
        Assert.Equal(expected, ArrivalContexts.DaysSincePrevious(times, at));
    }
}
