namespace Bandit.Allocation;

// The slow, guaranteed companion of the quadrature (for tests): the monotone Stieltjes trapezoid with its proven bound.
public static partial class NormalMaxProbability
{
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
}
