using MathNet.Numerics;

namespace Bandit.Allocation;

/// <summary>
/// P(arm i's draw is the largest) for independent normal draws s_j ~ N(m_j, σ_j²): the propensity of linear Thompson
/// sampling, computed per decision. In the chosen arm's standard units z = (s − m_i)/σ_i,
/// P_i = ∫ φ(z) ∏_{j≠i} Φ(((m_i − m_j) + σ_i·z)/σ_j) dz.
/// </summary>
/// <remarks>
/// <para>Two competitors have a closed form, Φ((m_i − m_j)/√(σ_i² + σ_j²)).</para>
/// <para>For more, <see cref="Of"/> integrates over z ∈ [−8.5, 8.5] (outside it φ holds 2Φ(−8.5) ≈ 2e-17 of the
/// mass) by adaptive Gauss–Kronrod (7/15 points): a panel is accepted when its Kronrod and Gauss values differ by
/// less than its share of <see cref="DefaultTolerance"/>, else bisected. The integrand is analytic, so the estimate
/// is reliable; a near-step (an arm with σ_j ≪ σ_i) is found by the bisection. Φ inside the integrand comes from
/// <see cref="NormalCdfTable"/> (error &lt; 1e-10 each, so &lt; K·1e-10 on the product).</para>
/// <para><see cref="Enclose"/> is the slow, guaranteed companion: the Stieltjes trapezoid of
/// <see cref="ProbabilityOfBest"/> on an adaptive partition, whose every panel lies within ΔF·ΔG/2 of the truth
/// because both CDFs are non-decreasing; the tests hold <see cref="Of"/> to it.</para>
/// </remarks>
public static partial class NormalMaxProbability
{
    /// <summary>The target absolute error of <see cref="Of"/> (the Gauss–Kronrod estimate, summed over panels).</summary>
    public const double DefaultTolerance = 1e-6;

    private const double Span = 8.5;

    // The first partition of [−8.5, 8.5]: φ·G is smooth on each of these unless some σ_j ≪ σ_i, so one Gauss–Kronrod
    // panel usually suffices there; finer where φ has its mass.
    private static readonly double[] _cuts = [-Span, -5, -3, -1.5, 0, 1.5, 3, 5, Span];
    private const int MaxDepth = 30;

    /// <summary>
    /// P(arm <paramref name="arm"/> has the largest draw) among the arms not in <paramref name="unavailable"/>.
    /// <paramref name="errorEstimate"/> receives the quadrature's error estimate (0 for the closed forms).
    /// Every available arm needs a finite mean and a finite σ &gt; 0.
    /// </summary>
    public static double Of(int arm, ReadOnlySpan<double> means, ReadOnlySpan<double> sds, ArmMask unavailable, out double errorEstimate,
        double tolerance = DefaultTolerance)
    {
        Check(arm, means, sds, unavailable);
        errorEstimate = 0;
        var (others, other) = Competitors(arm, means.Length, unavailable);
        if (others == 0)
        {
            return 1.0;
        }

        if (others == 1)
        {
            return Phi((means[arm] - means[other]) / Math.Sqrt((sds[arm] * sds[arm]) + (sds[other] * sds[other])));
        }

        var integrand = new Integrand(means, sds, arm, unavailable, stackalloc double[means.Length], stackalloc double[means.Length]);
        var sum = 0.0;
        for (var k = 1; k < _cuts.Length; k++)
        {
            Adapt(ref integrand, _cuts[k - 1], _cuts[k], tolerance * (_cuts[k] - _cuts[k - 1]) / (2 * Span), 0, ref sum, ref errorEstimate);
        }

        return Math.Clamp(sum, 0, 1);
    }

    /// <summary>P(best) of every arm, 0 for the unavailable ones; <paramref name="errorEstimate"/> receives the largest estimate.</summary>
    public static double[] All(ReadOnlySpan<double> means, ReadOnlySpan<double> sds, ArmMask unavailable, out double errorEstimate)
    {
        var p = new double[means.Length];
        errorEstimate = 0;
        for (var i = 0; i < means.Length; i++)
        {
            if (!unavailable.Contains(i))
            {
                p[i] = Of(i, means, sds, unavailable, out var estimate);
                errorEstimate = Math.Max(errorEstimate, estimate);
            }
        }

        return p;
    }

    /// <summary>The standard normal CDF.</summary>
    public static double Phi(double z) => 0.5 * SpecialFunctions.Erfc(-z / Constants.Sqrt2);

    private static (int Count, int Last) Competitors(int arm, int arms, ArmMask unavailable)
    {
        var (count, last) = (0, -1);
        for (var j = 0; j < arms; j++)
        {
            if (j != arm && !unavailable.Contains(j))
            {
                (count, last) = (count + 1, j);
            }
        }

        return (count, last);
    }

    private static void Check(int arm, ReadOnlySpan<double> means, ReadOnlySpan<double> sds, ArmMask unavailable)
    {
        if (means.Length != sds.Length)
        {
            throw new ArgumentException($"means has {means.Length} entries but sds has {sds.Length}.", nameof(sds));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(arm);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(arm, means.Length);
        if (unavailable.Contains(arm))
        {
            throw new ArgumentException($"arm {arm} is unavailable.", nameof(arm));
        }

        for (var j = 0; j < means.Length; j++)
        {
            if (!unavailable.Contains(j) && !(double.IsFinite(means[j]) && double.IsFinite(sds[j]) && sds[j] > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(sds), $"arm {j}: N({means[j]}, {sds[j]}²) needs a finite mean and a finite σ > 0.");
            }
        }
    }
}
