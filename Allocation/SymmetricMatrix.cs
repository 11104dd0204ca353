namespace Bandit.Allocation;

/// <summary>Small dense linear algebra on row-major arrays, enough for the linear bandit's posteriors.</summary>
internal static class SymmetricMatrix
{
    /// <summary>The inverse of a symmetric positive-definite d×d matrix by Cholesky factorisation A = L·Lᵀ.</summary>
    public static double[] InversePositiveDefinite(double[] a, int d)
    {
        var l = new double[d * d];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[(i * d) + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[(i * d) + k] * l[(j * d) + k];
                }

                if (i == j)
                {
                    if (!(sum > 0))
                    {
                        throw new ArgumentException("the matrix is not positive definite.", nameof(a));
                    }

                    l[(i * d) + i] = Math.Sqrt(sum);
                }
                else
                {
                    l[(i * d) + j] = sum / l[(j * d) + j];
                }
            }
        }

        // A⁻¹ = L⁻ᵀ·L⁻¹: solve L·y = e_c, then Lᵀ·x = y, for each column c.
        var inverse = new double[d * d];
        var y = new double[d];
        for (var c = 0; c < d; c++)
        {
            for (var i = 0; i < d; i++)
            {
                var sum = i == c ? 1.0 : 0.0;
                for (var k = 0; k < i; k++)
                {
                    sum -= l[(i * d) + k] * y[k];
                }

                y[i] = sum / l[(i * d) + i];
            }

            for (var i = d - 1; i >= 0; i--)
            {
                var sum = y[i];
                for (var k = i + 1; k < d; k++)
                {
                    sum -= l[(k * d) + i] * inverse[(k * d) + c];
                }

                inverse[(i * d) + c] = sum / l[(i * d) + i];
            }
        }

        return inverse;
    }

    /// <summary>M·v for a d×d row-major M.</summary>
    public static double[] Multiply(double[] m, double[] v, int d)
    {
        var result = new double[d];
        for (var i = 0; i < d; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < d; j++)
            {
                sum += m[(i * d) + j] * v[j];
            }

            result[i] = sum;
        }

        return result;
    }
}
