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

    [Theory]
    [InlineData(new[] { 1.0, 2.0, 3.0 })]
    [InlineData(new[] { 0.5, 0.5, 4.0, 40.0 })]
    [InlineData(new[] { 7.0, 9.0, 11.0, 13.0, 15.0, 17.0, 19.0, 21.0 })]
    [InlineData(new[] { 300.0, 310.0, 290.0 })]
    public void Compute_KArmsOfBetaAOne_WithinItsStatedBoundOfTheClosedForm(double[] alpha)
    {
        // Beta(a_i, 1) has F_i(x) = x^a_i, so P_i = ∫ a_i x^(a_i − 1) ∏_{j≠i} x^a_j dx = a_i / Σ_j a_j exactly, for any K.
        // The quadrature promises |P_i − exact| ≤ its reported bound (itself ≤ the tolerance): checked with no slack
        // beyond the CDF's own rounding (1e-12).
        var p = ProbabilityOfBest.Compute(alpha, [.. alpha.Select(_ => 1.0)], ArmMask.None, out var bound);

        Assert.InRange(bound, 0, ProbabilityOfBest.DefaultTolerance);
        for (var i = 0; i < alpha.Length; i++)
        {
            Assert.InRange(p[i], (alpha[i] / alpha.Sum()) - bound - 1e-12, (alpha[i] / alpha.Sum()) + bound + 1e-12);
        }
    }

    [Fact]
    public void Compute_FourArmsAgainstFourMillionDraws_WithinBoundPlusFiveSigma()
    {
        // A realistic 4-arm experiment (CTRs 0.050–0.056, a few thousand updates each). With N = 4·10^6 draws of a fixed
        // seed the frequency of arm i has σ_i = sqrt(P_i(1 − P_i)/N) ≤ 0.00025; the quadrature's error is at most its
        // bound b. So |P_i − frequency| ≤ b + 5σ_i, which a correct quadrature fails with probability < 6e-7 per arm.
        double[] alpha = [151, 160, 171, 166];
        double[] beta = [2851, 2840, 2829, 2834];
        const int Draws = 4_000_000;

        var p = ProbabilityOfBest.Compute(alpha, beta, ArmMask.None, out var bound);
        var mc = MonteCarlo(alpha, beta, Draws, seed: 2024);

        for (var i = 0; i < alpha.Length; i++)
        {
            var fiveSigma = 5 * Math.Sqrt(p[i] * (1 - p[i]) / Draws);
            Assert.InRange(mc[i], p[i] - bound - fiveSigma, p[i] + bound + fiveSigma);
        }
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
