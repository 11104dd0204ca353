using Bandit.Allocation;
using Bandit.Contracts;

namespace Bandit.Allocation.Tests;

public sealed class Ucb1StrategyTests
{
    [Fact]
    public void Choose_FreshExperiment_TriesEveryArmFirst()
    {
        var config = TestConfigs.Arms(StrategyNames.Ucb1, 3);
        var random = new SeededRandomSource(2);
        var stats = new List<(long, double)> { (0, 0), (0, 0), (0, 0) };
        var seen = new List<(int Arm, double Propensity)>();

        for (var round = 0; round < 3; round++)
        {
            var choice = new Ucb1Strategy().Choose(new DecisionContext(TestConfigs.Snapshot(config, [.. stats]), "u", random));
            seen.Add((choice.ArmIndex, choice.Propensity));
            stats[choice.ArmIndex] = (1, 1); // a click, so the tried arm looks great yet must not be chosen again
        }

        Assert.Equal(3, seen.Select(s => s.Arm).Distinct().Count());
        Assert.Equal([1.0 / 3, 1.0 / 2, 1.0], seen.Select(s => s.Propensity));
    }

    [Fact]
    public void Choose_ClearlyBetterArm_Converges()
    {
        var config = TestConfigs.TwoArms(StrategyNames.Ucb1);

        var chosen = BanditSimulation.Run(new Ucb1Strategy(), config, [0.2, 0.6], rounds: 5_000, refreshEvery: 25, seed: 8);

        // Auer et al.: E[pulls of the worse arm] ≤ 8 ln T / Δ² + O(1) = 8·ln 5000/0.16 ≈ 426 over all 5,000 rounds,
        // mostly early; the last 1,000 rounds add ≈ (8/Δ²)·ln(5000/4000) ≈ 11. 80% leaves a wide margin.
        Assert.True(BanditSimulation.ShareOfLast(chosen, 1_000, arm: 1) > 0.8);
    }

    [Fact]
    public void Choose_Deterministic_PropensityOne()
    {
        var snapshot = TestConfigs.Snapshot(RouterConfig.Default.WithStrategy("ucb1"), (100, 10), (100, 30));

        var choice = new Ucb1Strategy().Choose(new DecisionContext(snapshot, "u", new SeededRandomSource(1)));

        // Indices: 0.1 + sqrt(2·ln 200/100) ≈ 0.426 vs 0.3 + 0.326 ≈ 0.626.
        Assert.Equal((1, 1.0), (choice.ArmIndex, choice.Propensity));
    }

    [Fact]
    public void Choose_ExactTie_UniformWithPropensityHalf()
    {
        var snapshot = TestConfigs.Snapshot(RouterConfig.Default.WithStrategy("ucb1"), (100, 10), (100, 10));

        var share = TestConfigs.Frequencies(new Ucb1Strategy(), snapshot, draws: 20_000, seed: 4);
        var choice = new Ucb1Strategy().Choose(new DecisionContext(snapshot, "u", new SeededRandomSource(1)));

        // Ties are broken uniformly: 4σ = 4·sqrt(0.25/20,000) ≈ 0.014.
        Assert.Equal(0.5, choice.Propensity);
        Assert.InRange(share[0], 0.5 - TestConfigs.FourSigma(0.5, 20_000), 0.5 + TestConfigs.FourSigma(0.5, 20_000));
    }
}
