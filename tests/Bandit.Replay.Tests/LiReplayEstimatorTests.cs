using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Replay.Evaluation;
using Bandit.Replay.Simulation;

namespace Bandit.Replay.Tests;

public sealed class LiReplayEstimatorTests
{
    /// <summary>A full-information table of T rows: arm a's reward ~ Bernoulli(p_a), drawn once from a fixed seed.</summary>
    private static TableEnvironment Table(int horizon, double[] rates, int seed)
    {
        var random = new Random(seed);
        var rows = Enumerable.Range(0, horizon).Select(_ => rates.Select(p => random.NextDouble() < p ? 1.0 : 0.0).ToArray()).ToArray();
        return new TableEnvironment("table", SyntheticArmNames.For(rates.Length), rows, [.. Enumerable.Range(0, horizon).Select(t => $"u{t}")]);
    }

    [Fact]
    public void FixedArm_UniformLog_MatchesFullInformationValueWithinBinomialBound()
    {
        // Given the table, the uniform log keeps each row for "always a" independently with probability 1/2, so the
        // estimate is the mean of ~T/2 rows drawn from a column with mean v: σ ≤ √(v(1 − v)/m) (finite-population
        // sampling only shrinks it); |estimate − v| ≤ 4σ.
        var environment = Table(6000, [0.12, 0.2], seed: 11);
        var log = LiReplayEstimator.UniformLog(environment, seed: 1);

        for (var arm = 0; arm < 2; arm++)
        {
            var truth = OffPolicyReport.Truth(environment, arm);
            var estimate = LiReplayEstimator.FixedArm(log, arm, $"arm {arm}");
            var sigma = Math.Sqrt(truth * (1 - truth) / estimate.Matched);

            Assert.InRange(estimate.Matched, 3000 - (4 * Math.Sqrt(1500)), 3000 + (4 * Math.Sqrt(1500)));
            Assert.InRange(estimate.Value, truth - (4 * sigma), truth + (4 * sigma));
        }
    }

    [Fact]
    public void Strategy_ThompsonOnClearGap_EstimatesAValueNearTheBetterArm()
    {
        // Thompson evaluated by replay learns on its m ≈ T/2 kept events; with Δ = 0.2 its regret there is about the
        // Lai–Robbins Δ/KL(0.1, 0.3) · ln m = 1.72 · ln 4000 ≈ 14 clicks. Allowing 3× that (45 clicks), its replayed
        // value lies above v − 45/m − 4σ and below v + 4σ, v the better arm's full-information value, σ binomial.
        var environment = Table(8000, [0.1, 0.3], seed: 5);
        var log = LiReplayEstimator.UniformLog(environment, seed: 2);

        var estimate = LiReplayEstimator.Strategy(log, AllocationStrategies.Get(StrategyNames.Thompson), BanditSimulator.ConfigFor(StrategyNames.Thompson, 1, environment.ArmNames), environment, 1);
        var truth = OffPolicyReport.Truth(environment, 1);
        var sigma = Math.Sqrt(truth * (1 - truth) / estimate.Matched);

        Assert.InRange(estimate.Value, truth - (45.0 / estimate.Matched) - (4 * sigma), truth + (4 * sigma));
    }
}
