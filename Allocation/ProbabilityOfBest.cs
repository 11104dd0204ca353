namespace Bandit.Allocation;

/// <summary>
/// P(arm i has the highest rate) for independent Beta posteriors:
/// P_i = ∫ f_i(x) ∏_{j≠i} F_j(x) dx = ∫ G_i dF_i with G_i = ∏_{j≠i} F_j, by quadrature on MathNet's Beta CDF.
/// </summary>
/// <remarks>
/// The integral is taken in Stieltjes form over all of [0, 1] on a partition x_0 = 0 &lt; … &lt; x_n = 1:
/// P_i ≈ Σ_k ΔF_i,k · (G_i(x_k) + G_i(x_k+1)) / 2. Only CDFs are needed, so densities that are singular at 0 or 1
/// (α or β &lt; 1) or extremely peaked (α, β ~ 1e6) cause no trouble, and nothing is lost in the tails.
/// Because F_i and G_i are non-decreasing, each panel's exact value lies in [G_i(x_k), G_i(x_k+1)]·ΔF_i, so
/// the trapezoid errs by at most ΔF_i,k·ΔG_i,k/2 per panel: a rigorous bound (up to the CDF's own rounding).
/// The partition starts from ±8 standard deviations around every posterior mean plus decades towards 0 and 1,
/// then the panels with the largest bound are bisected until every arm's summed bound is below the tolerance.
/// The true error is far smaller than the bound (the trapezoid is second order on smooth panels).
/// </remarks>
public static class ProbabilityOfBest
{
    /// <summary>The default bound on each P_i's error.</summary>
    public const double DefaultTolerance = 2e-3;

    private const int MaxNodes = 20_000;

    /// <summary>
    /// P(best) for every arm, 0 for the arms in <paramref name="unavailable"/> (the rest compete among themselves).
    /// <paramref name="errorBound"/> receives the largest per-arm error bound reached.
    /// </summary>
    public static double[] Compute(ReadOnlySpan<double> alpha, ReadOnlySpan<double> beta, ArmMask unavailable, out double errorBound, double tolerance = DefaultTolerance)
    {
        if (alpha.Length != beta.Length)
        {
            throw new ArgumentException($"alpha has {alpha.Length} entries but beta has {beta.Length}.", nameof(beta));
        }

        for (var i = 0; i < alpha.Length; i++)
        {
            if (!(double.IsFinite(alpha[i]) && alpha[i] > 0 && double.IsFinite(beta[i]) && beta[i] > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(alpha), $"arm {i}: Beta({alpha[i]}, {beta[i]}) needs finite α, β > 0.");
            }
        }

        var result = new double[alpha.Length];
        var arms = Enumerable.Range(0, alpha.Length).Where(i => !unavailable.Contains(i)).ToArray();
        errorBound = 0;
        if (arms.Length <= 1)
        {
            if (arms.Length == 1)
            {
                result[arms[0]] = 1.0;
            }

            return result;
        }

        var a = new double[arms.Length];
        var b = new double[arms.Length];
        for (var k = 0; k < arms.Length; k++)
        {
            (a[k], b[k]) = (alpha[arms[k]], beta[arms[k]]);
        }

        var grid = new CdfGrid(a, b, InitialNodes(a, b));
        while (true)
        {
            var (panelBounds, armBounds) = grid.Bounds();
            errorBound = armBounds.Max();
            if (errorBound <= tolerance || grid.Count >= MaxNodes || !grid.Refine(panelBounds))
            {
                break;
            }
        }

        var p = grid.Integrate();
        for (var k = 0; k < arms.Length; k++)
        {
            result[arms[k]] = p[k];
        }

        return result;
    }

    private static List<double> InitialNodes(double[] a, double[] b)
    {
        var nodes = new List<double> { 0.0, 1.0 };
        for (var e = 1; e <= 15; e++)
        {
            var d = Math.Pow(10, -e);
            nodes.Add(d);
            nodes.Add(1.0 - d);
        }

        for (var j = 0; j < a.Length; j++)
        {
            var n = a[j] + b[j];
            var mean = a[j] / n;
            var sd = Math.Sqrt(a[j] * b[j] / (n * n * (n + 1)));
            for (var z = -8.0; z <= 8.0; z += 0.5)
            {
                var x = mean + (z * sd);
                if (x is > 0 and < 1)
                {
                    nodes.Add(x);
                }
            }
        }

        nodes.Sort();
        return nodes;
    }
}
