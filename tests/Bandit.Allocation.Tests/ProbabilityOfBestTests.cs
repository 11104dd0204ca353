using Bandit.Allocation;
using MathNet.Numerics.Distributions;

namespace Bandit.Allocation.Tests;

public sealed class ProbabilityOfBestTests
{
    public static TheoryData<double[], double[]> Posteriors => new()
    {
        { [1, 1], [1, 1] },                                  // flat
        { [11, 21], [191, 181] },                            // early experiment, B clearly ahead
        { [3, 5, 4], [40, 50, 45] },                         // three arms, overlapping
        { [1e6, 1e6 + 1500], [1e6, 1e6] },                   // very peaked, 1.5σ apart
        { [5e4, 5.01e4], [1e6, 1e6] },                       // peaked at a realistic CTR of 5%
        { [1e6, 2], [1e6, 2] },                              // one peaked, one flat
        { [0.5, 1], [0.5, 3] },                              // densities singular at 0 and 1
        { [50, 52, 55, 49, 51], [950, 948, 945, 951, 949] }, // five arms
    };

    [Theory]
    [MemberData(nameof(Posteriors))]
    public void Compute_AgreesWithMonteCarlo(double[] alpha, double[] beta)
    {
        var p = ProbabilityOfBest.Compute(alpha, beta, ArmMask.None, out var bound);

        var mc = MonteCarlo(alpha, beta, draws: 1_000_000, seed: 7);

        // Required ±0.01; checked tighter: the Monte Carlo estimate's 5σ is at most 5·sqrt(0.25/10^6) = 0.0025,
        // and the quadrature's guaranteed error is at most its bound (≤ 0.002).
        Assert.InRange(bound, 0, ProbabilityOfBest.DefaultTolerance);
        for (var i = 0; i < alpha.Length; i++)
        {
            Assert.InRange(p[i], mc[i] - 0.0025 - bound, mc[i] + 0.0025 + bound);
        }
    }

    [Theory]
    [MemberData(nameof(Posteriors))]
    public void Compute_SumsToOne(double[] alpha, double[] beta)
    {
        var p = ProbabilityOfBest.Compute(alpha, beta, ArmMask.None, out _);

        // Exactly 1 in exact arithmetic; the quadrature of the arms' terms telescopes (exactly for two arms).
        Assert.InRange(p.Sum(), 1 - 1e-3, 1 + 1e-3);
        Assert.All(p, x => Assert.InRange(x, 0, 1));
    }

    [Theory]
    [InlineData(2, 1.0, 1.0)]
    [InlineData(3, 30.0, 570.0)]
    [InlineData(5, 0.1, 0.1)]
    [InlineData(2, 1e6, 1e6)]
    [InlineData(4, 2.0, 1e6)]
    public void Compute_IdenticalPosteriors_EachOneOverK(int arms, double alpha, double beta)
    {
        var p = ProbabilityOfBest.Compute(Enumerable.Repeat(alpha, arms).ToArray(), Enumerable.Repeat(beta, arms).ToArray(), ArmMask.None, out _);

        // By symmetry every arm is best with probability 1/K.
        Assert.All(p, x => Assert.Equal(1.0 / arms, x, 1e-3));
    }

    [Fact]
    public void Compute_ClearWinner_NearlyOne()
    {
        // Beta(5001, 95001) vs Beta(10001, 90001): means 0.05 vs 0.10, sd ≈ 0.0007 and 0.0009, ~45σ apart.
        var p = ProbabilityOfBest.Compute([5001, 10001], [95001, 90001], ArmMask.None, out _);

        Assert.Equal(0.0, p[0], 1e-9);
        Assert.Equal(1.0, p[1], 1e-9);
    }

    [Fact]
    public void Compute_UnavailableArm_ZeroAndOthersRenormalised()
    {
        double[] alpha = [3, 5, 4];
        double[] beta = [40, 50, 45];

        var without1 = ProbabilityOfBest.Compute(alpha, beta, ArmMask.Of(1), out _);
        var pair = ProbabilityOfBest.Compute([alpha[0], alpha[2]], [beta[0], beta[2]], ArmMask.None, out _);

        Assert.Equal(0.0, without1[1]);
        Assert.Equal(pair[0], without1[0], 1e-12);
        Assert.Equal(pair[1], without1[2], 1e-12);
    }

    [Fact]
    public void Compute_BadParameters_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProbabilityOfBest.Compute([1, 0], [1, 1], ArmMask.None, out _));
        Assert.Throws<ArgumentException>(() => ProbabilityOfBest.Compute([1, 1], [1], ArmMask.None, out _));
    }

    private static double[] MonteCarlo(double[] alpha, double[] beta, int draws, int seed)
    {
        var random = new Random(seed);
        var wins = new int[alpha.Length];
        for (var n = 0; n < draws; n++)
        {
            var best = 0;
            var top = double.NegativeInfinity;
            for (var i = 0; i < alpha.Length; i++)
            {
                var theta = Beta.Sample(random, alpha[i], beta[i]);
                if (theta > top)
                {
                    (best, top) = (i, theta);
                }
            }

            wins[best]++;
        }

        return [.. wins.Select(w => (double)w / draws)];
    }
}
