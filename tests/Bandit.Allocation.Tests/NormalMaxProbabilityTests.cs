using Bandit.Allocation;
using MathNet.Numerics;

namespace Bandit.Allocation.Tests;

public sealed class NormalMaxProbabilityTests
{
    public static TheoryData<double[], double[]> Normals => new()
    {
        { [0.0, 0.0, 0.0], [1.0, 1.0, 1.0] },                    // symmetric: 1/3 each
        { [0.30, 0.32, 0.29], [0.02, 0.03, 0.01] },               // overlapping, unequal spreads
        { [0.0, 0.5, 1.0, 1.2], [1.0, 0.1, 2.0, 0.01] },          // one nearly a point mass
        { [5.0, 0.0, 0.1], [1e-3, 1.0, 1.0] },                    // a clear winner with a tiny spread
        { [0.10, 0.11, 0.12, 0.13, 0.14], [0.05, 0.05, 0.05, 0.05, 0.05] },
    };

    [Theory]
    [MemberData(nameof(Normals))]
    public void All_AgainstMonteCarlo_WithinFiveSigma(double[] means, double[] sds)
    {
        // 10^6 draws of a fixed seed: the frequency of arm i has σ_i = sqrt(P_i(1 − P_i)/10^6) ≤ 0.0005. The quadrature's
        // own error is below 1e-5 (see Of_RandomCases_WithinTheGuaranteedEnclosure), so |P_i − frequency| ≤ 5σ_i + 1e-5
        // fails for a correct quadrature with probability < 6e-7 per arm.
        const int Draws = 1_000_000;
        var p = NormalMaxProbability.All(means, sds, ArmMask.None, out _);
        var random = new Random(99);
        var wins = new int[means.Length];
        for (var n = 0; n < Draws; n++)
        {
            var best = 0;
            var top = double.NegativeInfinity;
            for (var i = 0; i < means.Length; i++)
            {
                var s = MathNet.Numerics.Distributions.Normal.Sample(random, means[i], sds[i]);
                if (s > top)
                {
                    (best, top) = (i, s);
                }
            }

            wins[best]++;
        }

        for (var i = 0; i < means.Length; i++)
        {
            var fiveSigma = (5 * Math.Sqrt(p[i] * (1 - p[i]) / Draws)) + 1e-5;
            Assert.InRange((double)wins[i] / Draws, p[i] - fiveSigma, p[i] + fiveSigma);
        }
    }

    [Fact]
    public void Of_RandomCases_WithinTheGuaranteedEnclosure()
    {
        // 120 random cases (3–6 arms, σ ratios up to 1,000, means up to 3σ apart). Enclose gives the value with a guaranteed
        // bound b ≤ 1e-5 (monotone trapezoid, up to Φ's rounding). The fast Gauss–Kronrod value must lie within b plus its
        // own target (1e-6) plus the Φ table's error (< 1e-10 per factor): the stated error of the propensity.
        var random = new Random(31);
        for (var n = 0; n < 120; n++)
        {
            var arms = random.Next(3, 7);
            var means = Enumerable.Range(0, arms).Select(_ => random.NextDouble() * 3).ToArray();
            var sds = Enumerable.Range(0, arms).Select(_ => Math.Pow(10, (random.NextDouble() * 3) - 1.5)).ToArray();
            var arm = random.Next(arms);

            var fast = NormalMaxProbability.Of(arm, means, sds, ArmMask.None, out var estimate);
            var sure = NormalMaxProbability.Enclose(arm, means, sds, ArmMask.None, 1e-5, out var bound);

            Assert.InRange(bound, 0, 1e-5 + 1e-15);
            Assert.True(Math.Abs(fast - sure) <= bound + NormalMaxProbability.DefaultTolerance + 1e-9,
                $"case {n}: fast {fast} (estimate {estimate:E1}), enclosure {sure} ± {bound:E1}; means [{string.Join(", ", means)}], sds [{string.Join(", ", sds)}], arm {arm}");
        }
    }

    [Theory]
    [MemberData(nameof(Normals))]
    public void All_SumsToOne(double[] means, double[] sds)
    {
        var p = NormalMaxProbability.All(means, sds, ArmMask.None, out _);

        // Exactly 1 in exact arithmetic; each term within 1e-5 (the enclosure test above).
        Assert.InRange(p.Sum(), 1 - (means.Length * 1e-5), 1 + (means.Length * 1e-5));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(6)]
    public void Of_IdenticalNormals_EachOneOverK(int arms)
    {
        var p = NormalMaxProbability.All([.. Enumerable.Repeat(0.2, arms)], [.. Enumerable.Repeat(0.05, arms)], ArmMask.None, out _);

        Assert.All(p, x => Assert.Equal(1.0 / arms, x, 1e-6));
    }

    [Fact]
    public void Of_TwoArms_IsTheClosedFormOfTheDifference()
    {
        // s_0 − s_1 ~ N(0.1 − 0.3, 0.2² + 0.1²): P(s_0 > s_1) = Φ(−0.2/√0.05) = Φ(−0.894427) = 0.185546 (tables).
        var p = NormalMaxProbability.Of(0, [0.1, 0.3], [0.2, 0.1], ArmMask.None, out var estimate);

        Assert.Equal(0, estimate);
        Assert.Equal(0.185546, p, 1e-6);
    }

    [Fact]
    public void Of_ThirdArmUnavailable_EqualsTheTwoArmClosedForm()
    {
        var three = NormalMaxProbability.Of(0, [0.1, 0.3, 9.0], [0.2, 0.1, 1.0], ArmMask.Of(2), out _);

        Assert.Equal(NormalMaxProbability.Of(0, [0.1, 0.3], [0.2, 0.1], ArmMask.None, out _), three, 1e-15);
    }

    [Fact]
    public void CdfTable_AgreesWithMathNetWithinTheInterpolationBound()
    {
        // Cubic Hermite on steps of 1/64: error ≤ max|Φ⁗|·h⁴/384 < 1e-10 (NormalCdfTable's remark).
        for (var z = -10.0; z <= 10.0; z += 0.000731)
        {
            Assert.Equal(0.5 * SpecialFunctions.Erfc(-z / Constants.Sqrt2), NormalCdfTable.Cdf(z), 1e-10);
        }
    }

    [Fact]
    public void Of_BadInput_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NormalMaxProbability.Of(0, [0, 1, 2], [1, 0, 1], ArmMask.None, out _));
        Assert.Throws<ArgumentException>(() => NormalMaxProbability.Of(0, [0, 1], [1], ArmMask.None, out _));
        Assert.Throws<ArgumentException>(() => NormalMaxProbability.Of(1, [0, 1], [1, 1], ArmMask.Of(1), out _));
    }
}
