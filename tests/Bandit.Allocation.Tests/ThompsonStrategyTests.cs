using Bandit.Allocation;
using Bandit.Contracts;

namespace Bandit.Allocation.Tests;

public sealed class ThompsonStrategyTests
{
    [Theory]
    [InlineData(11)]
    [InlineData(22)]
    [InlineData(33)]
    [InlineData(44)]
    [InlineData(55)]
    public void Choose_ClearlyBetterArm_GetsMostOfTheLastThousandPulls(int seed)
    {
        var config = TestConfigs.TwoArms(StrategyNames.Thompson);

        var chosen = BanditSimulation.Run(new ThompsonStrategy(), config, [0.05, 0.10], rounds: 5_000, refreshEvery: 25, seed);

        // Lai–Robbins: the worse arm is pulled about ln T / KL(0.05‖0.10) times, KL ≈ 0.0167, i.e. its rate near
        // T = 4,500 is ≈ 1/(T·KL) ≈ 1.3% per round (several times that in finite samples). 75% leaves a wide
        // margin for five different seeds.
        Assert.True(BanditSimulation.ShareOfLast(chosen, 1_000, arm: 1) > 0.75, $"seed {seed}: {BanditSimulation.ShareOfLast(chosen, 1_000, 1):P1}");
    }

    [Fact]
    public void Choose_EqualPosteriors_SplitsEvenly()
    {
        var snapshot = TestConfigs.Snapshot(RouterConfig.Default, (200, 20), (200, 20));

        var share = TestConfigs.Frequencies(new ThompsonStrategy(), snapshot, draws: 100_000, seed: 3);

        // Each draw picks arm B with p = 0.5: 4σ = 4·sqrt(0.25/100,000) ≈ 0.0063.
        Assert.InRange(share[1], 0.5 - TestConfigs.FourSigma(0.5, 100_000), 0.5 + TestConfigs.FourSigma(0.5, 100_000));
    }

    [Fact]
    public void Choose_Propensity_MatchesEmpiricalSelectionFrequency()
    {
        var snapshot = TestConfigs.Snapshot(TestConfigs.Arms(StrategyNames.Thompson, 3), (400, 30), (420, 40), (380, 33));
        const int Draws = 200_000;

        var (counts, propensity) = TestConfigs.Draw(new ThompsonStrategy(), snapshot, Draws, seed: 5);

        // The reported propensity is P(best) of the snapshot; the frequency estimates it with 4σ ≤ 0.0045,
        // plus the quadrature bound (≤ 0.002): within ±0.01 as required.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(snapshot.PBest[i], propensity[i]);
            Assert.Equal(propensity[i], (double)counts[i] / Draws, 0.01);
        }
    }

    [Fact]
    public void Choose_SameSeed_SameSequence()
    {
        var snapshot = TestConfigs.Snapshot(RouterConfig.Default, (50, 5), (50, 6));
        var strategy = new ThompsonStrategy();

        int[] Run(int seed)
        {
            var random = new SeededRandomSource(seed);
            return [.. Enumerable.Range(0, 500).Select(_ => strategy.Choose(new DecisionContext(snapshot, "u", random)).ArmIndex)];
        }

        Assert.Equal(Run(9), Run(9));
        Assert.NotEqual(Run(9), Run(10));
    }

    [Fact]
    public void Choose_ArmRarelyBest_PropensityFlooredSoIpsWeightsStayFinite()
    {
        // A: no data, Beta(1, 1); B: Beta(999,951, 51). P(A best) = P(U > θ_B) = 1 − E[θ_B] = 51/1,000,002 ≈ 5.1e-5,
        // below the floor, yet A still wins about once in 20,000 draws.
        var snapshot = TestConfigs.Snapshot(RouterConfig.Default, (0, 0), (1_000_000, 999_950));
        var random = new SeededRandomSource(21);
        ArmChoice? rare = null;

        for (var n = 0; n < 1_000_000 && rare is null; n++)
        {
            var choice = new ThompsonStrategy().Choose(new DecisionContext(snapshot, "u", random));
            rare = choice.ArmIndex == 0 ? choice : null;
        }

        Assert.Equal(51.0 / 1_000_002, snapshot.PBest[0], 1e-5);
        Assert.Equal(ThompsonStrategy.MinPropensity, rare?.Propensity);
    }
}
