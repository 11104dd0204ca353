using Bandit.Allocation;
using Bandit.Contracts;

namespace Bandit.Allocation.Tests;

public sealed class EpsilonGreedyStrategyTests
{
    private const int Draws = 200_000;

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.05)]
    public void Choose_Frequencies_MatchExactPropensities(double epsilon)
    {
        var snapshot = TestConfigs.Snapshot(TestConfigs.Arms(StrategyNames.EpsilonGreedy, 3, epsilon), (100, 5), (100, 12), (100, 8));

        var (counts, propensity) = TestConfigs.Draw(new EpsilonGreedyStrategy(), snapshot, Draws, seed: 6);

        // Arm 1 has the best mean: (1 − ε) + ε/3; the others ε/3. Each frequency within 4σ of its binomial.
        double[] expected = [epsilon / 3, 1 - epsilon + (epsilon / 3), epsilon / 3];
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i], propensity[i], 1e-15);
            Assert.InRange((double)counts[i] / Draws, expected[i] - TestConfigs.FourSigma(expected[i], Draws), expected[i] + TestConfigs.FourSigma(expected[i], Draws));
        }
    }

    [Fact]
    public void Choose_TwoBestTie_SplitTheGreedyShare()
    {
        var snapshot = TestConfigs.Snapshot(TestConfigs.Arms(StrategyNames.EpsilonGreedy, 3, 0.3), (100, 12), (100, 12), (100, 8));

        var share = TestConfigs.Frequencies(new EpsilonGreedyStrategy(), snapshot, Draws, seed: 2);

        // (1 − 0.3)/2 + 0.3/3 = 0.45 for each best arm, 0.1 for the other; 4σ ≈ 0.0044 and 0.0027.
        Assert.InRange(share[0], 0.45 - TestConfigs.FourSigma(0.45, Draws), 0.45 + TestConfigs.FourSigma(0.45, Draws));
        Assert.InRange(share[2], 0.1 - TestConfigs.FourSigma(0.1, Draws), 0.1 + TestConfigs.FourSigma(0.1, Draws));
    }

    [Fact]
    public void Choose_EpsilonZero_AlwaysGreedyWithPropensityOne()
    {
        var snapshot = TestConfigs.Snapshot(TestConfigs.Arms(StrategyNames.EpsilonGreedy, 2, 0.0), (100, 5), (100, 12));
        var random = new SeededRandomSource(1);

        var choices = Enumerable.Range(0, 1_000).Select(_ => new EpsilonGreedyStrategy().Choose(new DecisionContext(snapshot, "u", random))).Distinct();

        Assert.Equal([new ArmChoice(1, "Arm1", 1.0)], choices);
    }
}
