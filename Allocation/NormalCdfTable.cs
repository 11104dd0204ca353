using MathNet.Numerics;

namespace Bandit.Allocation;

/// <summary>
/// Φ(z) by cubic Hermite interpolation of a table of Φ and φ at steps of h = 1/64 over [−9, 9] (0 and 1 beyond,
/// where the tails hold less than 1.2e-19): about 5 ns a call against ~50–250 ns for MathNet's erfc. The
/// interpolation error is at most max|Φ⁗|·h⁴/384 = max|(3z − z³)φ(z)|·h⁴/384 ≤ 0.56·(1/64)⁴/384 &lt; 1e-10 (absolute),
/// checked against MathNet in the tests. For the linear bandit's per-decision propensity quadrature.
/// </summary>
internal static class NormalCdfTable
{
    public const double Limit = 9.0;
    public const int StepsPerUnit = 64;

    private const double Step = 1.0 / StepsPerUnit;
    private const double InvSqrt2Pi = 0.398942280401432677939946059934;

    private static readonly double[] _cdf;
    private static readonly double[] _pdfTimesStep;

    static NormalCdfTable()
    {
        var n = (int)(2 * Limit * StepsPerUnit) + 2;
        _cdf = new double[n];
        _pdfTimesStep = new double[n];
        for (var k = 0; k < n; k++)
        {
            var z = -Limit + (k * Step);
            _cdf[k] = 0.5 * SpecialFunctions.Erfc(-z / Constants.Sqrt2);
            _pdfTimesStep[k] = Step * InvSqrt2Pi * Math.Exp(-0.5 * z * z);
        }
    }

    public static double Cdf(double z)
    {
        if (!(z > -Limit))
        {
            return double.IsNaN(z) ? double.NaN : 0.0;
        }

        if (z >= Limit)
        {
            return 1.0;
        }

        var position = (z + Limit) * StepsPerUnit;
        var k = (int)position;
        var t = position - k;
        var t2 = t * t;
        var t3 = t2 * t;
        return ((2 * t3) - (3 * t2) + 1) * _cdf[k]
            + (t3 - (2 * t2) + t) * _pdfTimesStep[k]
            + ((3 * t2) - (2 * t3)) * _cdf[k + 1]
            + (t3 - t2) * _pdfTimesStep[k + 1];
    }
}
