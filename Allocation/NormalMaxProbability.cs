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
public static class NormalMaxProbability
{
    /// <summary>The target absolute error of <see cref="Of"/> (the Gauss–Kronrod estimate, summed over panels).</summary>
    public const double DefaultTolerance = 1e-6;

    private const double Span = 8.5;

    // The first partition of [−8.5, 8.5]: φ·G is smooth on each of these unless some σ_j ≪ σ_i, so one Gauss–Kronrod
    // panel usually suffices there; finer where φ has its mass.
    private static readonly double[] _cuts = [-Span, -5, -3, -1.5, 0, 1.5, 3, 5, Span];
    private const int MaxDepth = 30;

    // Kronrod 15-point abscissae on [−1, 1] (the positive half, descending, then 0) and weights; the odd entries
    // (1, 3, 5) and the centre are the Gauss 7-point abscissae, with weights _gauss (Piessens et al., QUADPACK).
    private static readonly double[] _x =
    [
        0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
        0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
        0.207784955007898467600689403773245, 0.0,
    ];

    private static readonly double[] _kronrod =
    [
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
        0.140653259715525918745189590510238, 0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
    ];

    private static readonly double[] _gauss =
    [
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780, 0.381830050505118944950369775488975,
        0.417959183673469387755102040816327,
    ];

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

    /// <summary>
    /// A guaranteed enclosure of P_i: the value and a bound on its error that holds up to the rounding of Φ (the
    /// monotone Stieltjes trapezoid; a panel is split while ΔF·ΔG &gt; tol·(ΔF + ΔG), so the summed bound is at most
    /// <paramref name="tolerance"/> plus the tail beyond ±8.5σ_i). Costs O(1/tolerance) evaluations: for tests.
    /// </summary>
    public static double Enclose(int arm, ReadOnlySpan<double> means, ReadOnlySpan<double> sds, ArmMask unavailable, double tolerance, out double errorBound)
    {
        Check(arm, means, sds, unavailable);
        var integrand = new Integrand(means, sds, arm, unavailable, new double[means.Length], new double[means.Length]);
        var (fa, ga) = (Phi(-Span), integrand.Others(-Span));
        // Below −8.5: ∫ G dF ∈ [0, F·G]; above 8.5: ∈ [G(8.5)·(1 − F), 1 − F]. Midpoints, half-widths as bounds.
        var sum = fa * ga / 2;
        errorBound = fa * ga / 2;
        const int Panels = 34;
        for (var k = 1; k <= Panels; k++)
        {
            var b = -Span + (2 * Span * k / Panels);
            var (fb, gb) = (Phi(b), integrand.Others(b));
            Trapezoid(ref integrand, -Span + (2 * Span * (k - 1) / Panels), fa, ga, b, fb, gb, tolerance, ref sum, ref errorBound);
            (fa, ga) = (fb, gb);
        }

        sum += (1 - fa) * (1 + ga) / 2;
        errorBound += (1 - fa) * (1 - ga) / 2;
        return sum;
    }

    /// <summary>The standard normal CDF.</summary>
    public static double Phi(double z) => 0.5 * SpecialFunctions.Erfc(-z / Constants.Sqrt2);

    private static void Adapt(ref Integrand f, double a, double b, double tolerance, int depth, ref double sum, ref double error)
    {
        var centre = (a + b) / 2;
        var half = (b - a) / 2;
        var fc = f.At(centre);
        var kronrod = fc * _kronrod[7];
        var gauss = fc * _gauss[3];
        for (var k = 0; k < 7; k++)
        {
            var dx = half * _x[k];
            var pair = f.At(centre - dx) + f.At(centre + dx);
            kronrod += _kronrod[k] * pair;
            if (k % 2 == 1)
            {
                gauss += _gauss[k / 2] * pair;
            }
        }

        var estimate = Math.Abs(kronrod - gauss) * half;
        if (estimate <= tolerance || depth >= MaxDepth)
        {
            sum += kronrod * half;
            error += estimate;
            return;
        }

        Adapt(ref f, a, centre, tolerance / 2, depth + 1, ref sum, ref error);
        Adapt(ref f, centre, b, tolerance / 2, depth + 1, ref sum, ref error);
    }

    private static void Trapezoid(ref Integrand f, double a, double fa, double ga, double b, double fb, double gb, double tolerance, ref double sum, ref double bound)
    {
        var df = fb - fa;
        var dg = gb - ga;
        if ((df * dg) <= tolerance * (df + dg) || b - a < 1e-12)
        {
            sum += df * (ga + gb) / 2;
            bound += df * dg / 2;
            return;
        }

        var c = a + ((b - a) / 2);
        var (fc, gc) = (Phi(c), f.Others(c));
        Trapezoid(ref f, a, fa, ga, c, fc, gc, tolerance, ref sum, ref bound);
        Trapezoid(ref f, c, fc, gc, b, fb, gb, tolerance, ref sum, ref bound);
    }

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

    /// <summary>φ(z)·G(z) in the chosen arm's standard units, with G(z) = ∏_{j≠i} Φ(a_j + r_j·z) precomputed as a_j, r_j.</summary>
    private ref struct Integrand
    {
        private const double InvSqrt2Pi = 0.398942280401432677939946059934;

        private readonly Span<double> _offset;
        private readonly Span<double> _ratio;
        private readonly int _count;

        public Integrand(ReadOnlySpan<double> means, ReadOnlySpan<double> sds, int arm, ArmMask unavailable, Span<double> offset, Span<double> ratio)
        {
            _offset = offset;
            _ratio = ratio;
            for (var j = 0; j < means.Length; j++)
            {
                if (j != arm && !unavailable.Contains(j))
                {
                    _offset[_count] = (means[arm] - means[j]) / sds[j];
                    _ratio[_count++] = sds[arm] / sds[j];
                }
            }
        }

        public readonly double Others(double z)
        {
            var g = 1.0;
            for (var k = 0; k < _count; k++)
            {
                g *= Phi(_offset[k] + (_ratio[k] * z));
            }

            return g;
        }

        public readonly double At(double z)
        {
            var g = 1.0;
            for (var k = 0; k < _count && g > 0; k++)
            {
                g *= NormalCdfTable.Cdf(_offset[k] + (_ratio[k] * z));
            }

            return g == 0 ? 0 : InvSqrt2Pi * Math.Exp(-0.5 * z * z) * g;
        }
    }
}
