using Bandit.Allocation;
using Bandit.Contracts;

namespace Bandit.Allocation.Tests;

/// <summary>The per-arm probability vectors the sample-ratio check sums: the chosen arm's entry is its logged propensity.</summary>
public sealed class ArmProbabilitiesTests
{
    public static TheoryData<string, bool> Strategies => new()
    {
        { StrategyNames.Hash, false }, { StrategyNames.Hash, true },
        { StrategyNames.Thompson, false }, { StrategyNames.Thompson, true },
        { StrategyNames.DiscountedThompson, false }, { StrategyNames.EpsilonGreedy, false }, { StrategyNames.EpsilonGreedy, true },
    };

    [Theory]
    [MemberData(nameof(Strategies))]
    public void ArmProbabilities_ChosenEntryIsThePropensity_AndTheyAddUpToOne(string name, bool oneArmDown)
    {
        var config = TestConfigs.Arms(name, 3);
        var snapshot = PosteriorSnapshot.Create(config, [
            new ArmStats("Arm0", 40, 40, 4, 40, 4), new ArmStats("Arm1", 40, 40, 9, 40, 9), new ArmStats("Arm2", 40, 40, 6, 40, 6)]);
        var strategy = AllocationStrategies.Get(name);
        var mask = oneArmDown ? ArmMask.None.With(1) : ArmMask.None;
        var random = new SeededRandomSource(5);

        for (var u = 0; u < 200; u++)
        {
            var context = new DecisionContext(snapshot, $"user-{u}", random, mask);
            var choice = strategy.Choose(context);
            var p = strategy.ArmProbabilities(context)!;

            Assert.Equal(3, p.Count);
            // Thompson floors the logged propensity at 1e-4; with these posteriors every P(best) is far above it.
            Assert.Equal(choice.Propensity, p[choice.ArmIndex], 12);
            // P(best) is a quadrature with an error bound of ProbabilityOfBest.DefaultTolerance per arm; the others are exact.
            Assert.InRange(p.Sum(), 1 - (3 * ProbabilityOfBest.DefaultTolerance), 1 + (3 * ProbabilityOfBest.DefaultTolerance));
            Assert.True(!oneArmDown || p[1] == 0, "an unavailable arm is promised nothing");
        }
    }

    [Fact]
    public void ArmProbabilities_Ucb1_NothingToTest()
    {
        var snapshot = PosteriorSnapshot.Create(TestConfigs.Arms(StrategyNames.Ucb1, 2));
        var strategy = AllocationStrategies.Get(StrategyNames.Ucb1);

        Assert.Null(strategy.ArmProbabilities(new DecisionContext(snapshot, "u", new SeededRandomSource(1))));
    }
}
