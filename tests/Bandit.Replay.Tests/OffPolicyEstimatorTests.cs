using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Replay.Evaluation;
using Bandit.Replay.Simulation;

namespace Bandit.Replay.Tests;

public sealed class OffPolicyEstimatorTests
{
    private static RunLog HashLog(double weightA, double[] rates, int horizon, int seed)
    {
        var environment = new BernoulliEnvironment(rates, horizon);
        var config = BanditSimulator.ConfigFor(StrategyNames.Hash, seed, environment.ArmNames).WithStrategy(StrategyNames.Hash, [weightA, 1 - weightA]);
        return BanditSimulator.Run(AllocationStrategies.Get(StrategyNames.Hash), config, environment, seed, refreshEvery: 100);
    }

    [Fact]
    public void Ips_KnownEightyTwentyLoggingPolicy_IsUnbiasedWithinFourSigma()
    {
        // Logging policy: hash split 80/20 over fresh user keys, so P(B) = 0.2 exactly, reported as the propensity.
        // Target "always B" (p_B = 0.6): X_t = 1[a_t = B]·r_t/0.2 has E[X] = 0.6 and E[X²] = 0.2·0.6/0.04 = 3, so
        // Var X = 3 − 0.36 = 2.64 and the IPS mean over n decisions has σ = √(2.64/n); |IPS − 0.6| ≤ 4σ.
        const int n = 20_000;
        var log = HashLog(0.8, [0.3, 0.6], n, seed: 7);

        var ips = OffPolicyEstimator.Ips(log.Arms, log.Propensities, log.Rewards, arm: 1);

        Assert.All(log.Propensities.Where((_, t) => log.Arms[t] == 1), p => Assert.Equal(0.2, p, 12));
        Assert.InRange(ips.Value, 0.6 - (4 * Math.Sqrt(2.64 / n)), 0.6 + (4 * Math.Sqrt(2.64 / n)));
        // The estimated standard error should match the exact σ to within 10% at this n (its own relative error is ~1%).
        Assert.InRange(ips.StandardError, 0.9 * Math.Sqrt(2.64 / n), 1.1 * Math.Sqrt(2.64 / n));
    }

    [Fact]
    public void Ips_AveragedOverSeeds_ConvergesToTruthWhileSingleLogsScatter()
    {
        // Ten independent logs of n = 4,000: the mean of ten IPS estimates has σ = √(2.64/4000/10) ≈ 0.0081.
        var estimates = Enumerable.Range(1, 10).Select(s => HashLog(0.8, [0.3, 0.6], 4000, s)).Select(l => OffPolicyEstimator.Ips(l.Arms, l.Propensities, l.Rewards, 1).Value).ToArray();

        Assert.InRange(estimates.Average(), 0.6 - (4 * Math.Sqrt(2.64 / 40_000)), 0.6 + (4 * Math.Sqrt(2.64 / 40_000)));
    }

    [Fact]
    public void SelfNormalised_ConstantReward_ReturnsTheConstantBecauseNormalisedWeightsSumToOne()
    {
        // SNIPS = Σ w r / Σ w: with r ≡ 0.7 it is 0.7 exactly whatever the weights (the normalised weights sum to 1);
        // IPS is not, because its weights average to (matched/π)/n, which is 1 only in expectation.
        var log = HashLog(0.8, [0.3, 0.6], 1000, seed: 3);
        var constant = Enumerable.Repeat(0.7, log.Length).ToArray();

        var snips = OffPolicyEstimator.SelfNormalised(log.Arms, log.Propensities, constant, 1);
        var ips = OffPolicyEstimator.Ips(log.Arms, log.Propensities, constant, 1);
        var weights = OffPolicyEstimator.Weights(log.Arms, log.Propensities, 1);

        Assert.Equal(0.7, snips.Value, 12);
        Assert.Equal(1.0, weights.Sum(w => w / weights.Sum()), 12);
        Assert.NotEqual(0.7, ips.Value, 6);
    }

    [Fact]
    public void Ess_EqualWeights_IsTheMatchedCountAndUnequalWeightsLess()
    {
        Assert.Equal(4.0, OffPolicyEstimator.Ess([2.0, 2.0, 2.0, 2.0, 0.0]), 12);
        // (1 + 1 + 10)² / (1 + 1 + 100) = 144/102.
        Assert.Equal(144.0 / 102.0, OffPolicyEstimator.Ess([1.0, 1.0, 10.0]), 12);
    }

    [Fact]
    public void Ips_ThompsonLogOfBetterArm_CoversTruth()
    {
        // Thompson's propensity is P(best) from the same snapshot the draw used, so IPS of the arm it mostly plays
        // (p = 0.15, weights near 1) is nearly the plain mean: within 4 standard errors of the truth.
        var environment = new BernoulliEnvironment([0.05, 0.15], 5000);
        var log = BanditSimulator.Run(AllocationStrategies.Get(StrategyNames.Thompson), BanditSimulator.ConfigFor(StrategyNames.Thompson, 5, environment.ArmNames),
            environment, 5, refreshEvery: 10);

        var ips = OffPolicyEstimator.Ips(log.Arms, log.Propensities, log.Rewards, 1);

        Assert.InRange(ips.Value, 0.15 - (4 * ips.StandardError), 0.15 + (4 * ips.StandardError));
    }
}

public sealed class ClusteredOffPolicyTests
{
    [Fact]
    public void Ips_StickyHashUsers_ClusteredIntervalCoversWherePerDecisionIntervalDoesNot()
    {
        // 100 users × 40 visits; users 0–49 click on every visit whatever the arm, users 50–99 never: the value of
        // "always A" is 0.5. The hash split keeps a user on one arm, so IPS = Σ_users 80·r_u·1[u on A] / 4000:
        // sd = √(50 · 80² · 1/4) / 4000 ≈ 0.071 over salts. A per-decision SE treats the 4000 decisions as
        // independent: √(0.75/4000) ≈ 0.014, so its 95% interval covers 0.5 only when |Z| < 1.96·0.014/0.071 ≈ 0.38,
        // about 30% of salts. The user-clustered SE estimates the 0.071 from 100 clusters (coverage ≈ 94%).
        // Over 100 salts: clustered ≥ 85% (3.7 binomial sd below 94%), per-decision ≤ 50% (4.3 sd above 30%).
        const int users = 100;
        const int visits = 40;
        var keys = Enumerable.Range(0, users * visits).Select(t => $"user-{t % users}").ToArray();
        var rows = Enumerable.Range(0, users * visits).Select(t => t % users < users / 2 ? new[] { 1.0, 1.0 } : [0.0, 0.0]).ToArray();
        var environment = new TableEnvironment("sticky", ["A", "B"], rows, keys);
        var clustered = 0;
        var perDecision = 0;

        for (var salt = 1; salt <= 100; salt++)
        {
            var log = BanditSimulator.Run(AllocationStrategies.Get(StrategyNames.Hash), BanditSimulator.ConfigFor(StrategyNames.Hash, salt, environment.ArmNames), environment, salt, refreshEvery: 1000);
            clustered += OffPolicyEstimator.Ips(log.Arms, log.Propensities, log.Rewards, 0, keys).Covers(0.5) ? 1 : 0;
            perDecision += OffPolicyEstimator.Ips(log.Arms, log.Propensities, log.Rewards, 0).Covers(0.5) ? 1 : 0;
        }

        Assert.True(clustered >= 85, $"clustered coverage {clustered}%");
        Assert.True(perDecision <= 50, $"per-decision coverage {perDecision}%");
    }
}
