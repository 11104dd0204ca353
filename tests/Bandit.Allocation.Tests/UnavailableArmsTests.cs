using Bandit.Allocation;
using Bandit.Contracts;

namespace Bandit.Allocation.Tests;

public sealed class UnavailableArmsTests
{
    private const int Draws = 200_000;

    [Fact]
    public void Thompson_ArmDown_SkippedAndPropensityIsPBestAmongTheRest()
    {
        var snapshot = TestConfigs.Snapshot(TestConfigs.Arms(StrategyNames.Thompson, 3), (400, 30), (420, 40), (380, 33));
        var down = ArmMask.Of(1);

        var (counts, propensity) = TestConfigs.Draw(new ThompsonStrategy(), snapshot, Draws, seed: 12, down);

        var renormalised = snapshot.ProbabilityOfBestWithout(down);
        Assert.Equal(0, counts[1]);
        Assert.Equal(1.0, renormalised[0] + renormalised[2], 1e-3);
        foreach (var i in new[] { 0, 2 })
        {
            // Frequency vs P(best among arms 0 and 2): 4σ ≤ 0.0045 plus the quadrature bound.
            Assert.Equal(renormalised[i], propensity[i]);
            Assert.Equal(renormalised[i], (double)counts[i] / Draws, 0.01);
        }
    }

    [Fact]
    public void Hash_ArmDown_ItsUsersSpreadByBucketsOthersStay()
    {
        var config = TestConfigs.Arms(StrategyNames.Hash, 3).WithStrategy("hash", [0.5, 0.3, 0.2]);
        var snapshot = PosteriorSnapshot.Create(config);
        var strategy = new HashSplitStrategy();
        var random = new SeededRandomSource(1);
        const int Users = 100_000;
        var movedTo = new int[3];
        var movedCount = 0;

        for (var u = 0; u < Users; u++)
        {
            var normal = strategy.Choose(new DecisionContext(snapshot, $"user-{u}", random));
            var degraded = strategy.Choose(new DecisionContext(snapshot, $"user-{u}", random, ArmMask.Of(0)));
            Assert.Equal(degraded, strategy.Choose(new DecisionContext(snapshot, $"user-{u}", random, ArmMask.Of(0)))); // sticky
            Assert.Equal(degraded.ArmIndex == 1 ? 0.6 : 0.4, degraded.Propensity, 1e-12); // b_j / B = 3000/5000, 2000/5000
            if (normal.ArmIndex != 0)
            {
                Assert.Equal(normal.ArmIndex, degraded.ArmIndex);
                continue;
            }

            movedCount++;
            movedTo[degraded.ArmIndex]++;
        }

        // About half the users (arm 0's share) move, 60% of them to arm 1: 4σ = 4·sqrt(0.24/50,000) ≈ 0.0088.
        var share1 = (double)movedTo[1] / movedCount;
        Assert.Equal(0, movedTo[0]);
        Assert.InRange(share1, 0.6 - TestConfigs.FourSigma(0.6, movedCount), 0.6 + TestConfigs.FourSigma(0.6, movedCount));
    }

    [Fact]
    public void EpsilonGreedy_ArmDown_PropensitiesOverTheAvailableArms()
    {
        var snapshot = TestConfigs.Snapshot(TestConfigs.Arms(StrategyNames.EpsilonGreedy, 3, 0.3), (100, 5), (100, 12), (100, 8));

        var share = TestConfigs.Frequencies(new EpsilonGreedyStrategy(), snapshot, Draws, seed: 4, ArmMask.Of(1));
        var choice = new EpsilonGreedyStrategy().Choose(new DecisionContext(snapshot, "u", new SeededRandomSource(4), ArmMask.Of(1)));

        // Without arm 1, arm 2 is best: 0.7 + 0.3/2 = 0.85, arm 0 gets 0.15; 4σ ≈ 0.0032.
        Assert.Equal(0.0, share[1]);
        Assert.InRange(share[2], 0.85 - TestConfigs.FourSigma(0.85, Draws), 0.85 + TestConfigs.FourSigma(0.85, Draws));
        Assert.Equal(choice.ArmIndex == 2 ? 0.85 : 0.15, choice.Propensity, 1e-15);
    }

    [Fact]
    public void Ucb1_ArmDown_BestRemainingArm()
    {
        var snapshot = TestConfigs.Snapshot(TestConfigs.Arms(StrategyNames.Ucb1, 3), (100, 5), (100, 40), (0, 0));

        var choice = new Ucb1Strategy().Choose(new DecisionContext(snapshot, "u", new SeededRandomSource(1), ArmMask.Of(1, 2)));

        Assert.Equal(new ArmChoice(0, "Arm0", 1.0), choice);
    }

    [Theory]
    [InlineData(StrategyNames.Hash)]
    [InlineData(StrategyNames.Thompson)]
    [InlineData(StrategyNames.Ucb1)]
    [InlineData(StrategyNames.EpsilonGreedy)]
    public void Choose_EveryArmDown_ThrowsNoArmAvailable(string name)
    {
        var snapshot = PosteriorSnapshot.Create(TestConfigs.TwoArms(name));

        var error = Assert.Throws<NoArmAvailableException>(() =>
            AllocationStrategies.Get(name).Choose(new DecisionContext(snapshot, "u", new SeededRandomSource(1), ArmMask.Of(0, 1))));

        Assert.StartsWith(name, error.Message);
    }

    [Fact]
    public void Hash_OnlyPositiveWeightArmDown_ThrowsNoArmAvailable()
    {
        var snapshot = PosteriorSnapshot.Create(TestConfigs.TwoArms(StrategyNames.Hash, 1.0, 0.0));

        Assert.Throws<NoArmAvailableException>(() =>
            new HashSplitStrategy().Choose(new DecisionContext(snapshot, "u", new SeededRandomSource(1), ArmMask.Of(0))));
    }
}
