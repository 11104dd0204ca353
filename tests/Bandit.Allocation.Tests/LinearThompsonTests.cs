using Bandit.Allocation;
using Bandit.Contracts;

namespace Bandit.Allocation.Tests;

public sealed class LinearThompsonTests
{
    [Fact]
    public void Posterior_Mean_IsTheRidgeSolution()
    {
        // One arm, x = (1, t) for t = 0..3, r = 1 + 2t exactly. Ridge λ: μ = (λI + XᵀX)⁻¹ Xᵀr.
        // XᵀX = [[4, 6], [6, 14]], Xᵀr = (16, 34); with λ = 1: [[5, 6], [6, 15]]⁻¹ (16, 34) = (36, 74)/39.
        var stats = new LinearArmStats(2);
        for (var t = 0; t < 4; t++)
        {
            stats.Add([1, t], 1 + (2 * t));
        }

        var posterior = LinearPosterior.From([stats], ridge: 1, exploration: 0.5);

        Assert.Equal(36.0 / 39, posterior.Mean(0)[0], 1e-12);
        Assert.Equal(74.0 / 39, posterior.Mean(0)[1], 1e-12);
        // Score variance v²·xᵀA⁻¹x at x = (1, 0): v²·15/39 (A⁻¹ = [[15, −6], [−6, 5]]/39).
        Assert.Equal(0.5 * Math.Sqrt(15.0 / 39), posterior.Score(0, [1, 0]).Sd, 1e-12);
    }

    [Fact]
    public void Choose_Propensity_MatchesEmpiricalFrequency()
    {
        var (snapshot, x) = ThreeArmSnapshot();
        const int Draws = 100_000;

        var (counts, propensity) = TestConfigs.Draw(new LinearThompsonStrategy(), snapshot, Draws, seed: 8, features: x);

        // Frequency vs reported propensity: 4σ ≤ 4·sqrt(0.25/100,000) ≈ 0.0063; the propensity errs by < 1e-5.
        for (var i = 0; i < 3; i++)
        {
            Assert.True(counts[i] > 0, $"arm {i} was never chosen");
            Assert.Equal(propensity[i], (double)counts[i] / Draws, 0.0064);
        }
    }

    [Fact]
    public void Choose_NoExploration_IsGreedyWithPropensityOne()
    {
        var (snapshot, x) = ThreeArmSnapshot(exploration: 0);
        var linear = snapshot.Linear!;
        var best = Enumerable.Range(0, 3).MaxBy(a => linear.Score(a, x).Mean);

        var choice = new LinearThompsonStrategy().Choose(new DecisionContext(snapshot, "u", new SeededRandomSource(1), Features: x));

        Assert.Equal((best, 1.0), (choice.ArmIndex, choice.Propensity));
    }

    [Fact]
    public void Choose_MissingContextOrModel_IsAClearError()
    {
        var (snapshot, x) = ThreeArmSnapshot();
        var random = new SeededRandomSource(1);
        var strategy = new LinearThompsonStrategy();

        Assert.Contains("context", Assert.Throws<ArgumentException>(() => strategy.Choose(new DecisionContext(snapshot, "u", random))).Message);
        Assert.Contains("features", Assert.Throws<ArgumentException>(() => strategy.Choose(new DecisionContext(snapshot, "u", random, Features: [1.0]))).Message);
        var plain = PosteriorSnapshot.Create(snapshot.Config);
        Assert.Contains("linear posteriors", Assert.Throws<ArgumentException>(() => strategy.Choose(new DecisionContext(plain, "u", random, Features: x))).Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Choose_BestArmDependsOnContext_LearnsToRouteEachKindOfUser(int seed)
    {
        // Two kinds of user (x = (1, ±1)): arm 0 clicks 0.30 for the first kind and 0.10 for the second, arm 1 the
        // reverse. Any fixed arm earns 0.20; routing by kind earns 0.30. The linear model of each arm is exact here
        // (rate = 0.2 ± 0.1·x₁), so after 4,000 decisions LinTS routes nearly every user right: over the last 1,000,
        // ≥ 85% (a wrong route needs the sampled score of the wrong arm above the right one, whose means are 0.2 apart
        // with posterior sds of a few hundredths).
        var config = TestConfigs.Arms(StrategyNames.LinearThompson, 2);
        var random = new SeededRandomSource(seed);
        var world = new Random(seed + 500);
        LinearArmStats[] stats = [new(2), new(2)];
        var right = 0;
        PosteriorSnapshot? snapshot = null;
        for (var t = 0; t < 5_000; t++)
        {
            if (t % 10 == 0)
            {
                snapshot = PosteriorSnapshot.Create(config, linear: [.. stats.Select(s => s.Clone())]);
            }

            var kind = world.Next(2);
            double[] x = [1, kind == 0 ? 1 : -1];
            var arm = new LinearThompsonStrategy().Choose(new DecisionContext(snapshot!, "u", random, Features: x)).ArmIndex;
            var p = arm == kind ? 0.30 : 0.10;
            stats[arm].Add(x, world.NextDouble() < p ? 1 : 0);
            right += t >= 4_000 && arm == kind ? 1 : 0;
        }

        Assert.True(right >= 850, $"seed {seed}: {right} of the last 1,000 routed right");
    }

    private static (PosteriorSnapshot Snapshot, double[] X) ThreeArmSnapshot(double exploration = 1.0)
    {
        var config = TestConfigs.Arms(StrategyNames.LinearThompson, 3) with { LinearExploration = exploration };
        var random = new Random(4);
        LinearArmStats[] stats = [new(3), new(3), new(3)];
        double[][] theta = [[0.2, 0.05, 0.0], [0.22, -0.05, 0.02], [0.18, 0.0, 0.06]];
        for (var n = 0; n < 600; n++)
        {
            double[] x = [1, random.NextDouble() - 0.5, random.NextDouble() - 0.5];
            var arm = n % 3;
            var rate = theta[arm][0] + (theta[arm][1] * x[1]) + (theta[arm][2] * x[2]);
            stats[arm].Add(x, random.NextDouble() < rate ? 1 : 0);
        }

        return (PosteriorSnapshot.Create(config, linear: stats), [1, 0.3, 0.2]);
    }
}
