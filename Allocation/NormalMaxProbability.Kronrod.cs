namespace Bandit.Allocation;

// The per-decision quadrature of NormalMaxProbability.Of: adaptive Gauss–Kronrod (7/15 points) over φ(z)·G(z).
public static partial class NormalMaxProbability
{
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
