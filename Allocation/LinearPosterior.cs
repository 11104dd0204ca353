namespace Bandit.Allocation;

/// <summary>
/// The posterior of every arm's linear reward model θ_a, frozen: with A_a = λI + Σ x xᵀ, θ_a ~ N(μ_a, v²·A_a⁻¹) and
/// μ_a = A_a⁻¹ Σ r·x (Bayesian ridge regression with noise scale v and prior N(0, v²/λ·I)). Built once per snapshot
/// (a Cholesky factorisation and inverse per arm), read by every decision.
/// </summary>
public sealed class LinearPosterior
{
    /// <summary>The largest context dimension supported (a decision costs O(K·d²)).</summary>
    public const int MaxDimension = 64;

    private readonly double[][] _mean;
    private readonly double[][] _covariance;

    private LinearPosterior(int dimension, double[][] mean, double[][] covariance, double exploration)
    {
        Dimension = dimension;
        _mean = mean;
        _covariance = covariance;
        Exploration = exploration;
    }

    public int Dimension { get; }

    public int ArmCount => _mean.Length;

    /// <summary>v: the posterior's scale; 0 makes the strategy greedy.</summary>
    public double Exploration { get; }

    public IReadOnlyList<double> Mean(int arm) => _mean[arm];

    /// <summary>Per arm, from the statistics (in arm order), ridge λ &gt; 0 and scale v ≥ 0.</summary>
    public static LinearPosterior From(IReadOnlyList<LinearArmStats> arms, double ridge, double exploration)
    {
        if (arms.Count == 0)
        {
            throw new ArgumentException("at least one arm is needed.", nameof(arms));
        }

        if (!(double.IsFinite(ridge) && ridge > 0) || !(double.IsFinite(exploration) && exploration >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(ridge), $"need ridge > 0 and exploration >= 0, got {ridge} and {exploration}.");
        }

        var d = arms[0].Dimension;
        if (arms.Any(a => a.Dimension != d))
        {
            throw new ArgumentException("every arm's statistics must have the same dimension.", nameof(arms));
        }

        var mean = new double[arms.Count][];
        var covariance = new double[arms.Count][];
        for (var a = 0; a < arms.Count; a++)
        {
            var matrix = (double[])arms[a].Gram.Clone();
            for (var i = 0; i < d; i++)
            {
                matrix[(i * d) + i] += ridge;
            }

            covariance[a] = SymmetricMatrix.InversePositiveDefinite(matrix, d);
            mean[a] = SymmetricMatrix.Multiply(covariance[a], arms[a].Xr, d);
        }

        return new LinearPosterior(d, mean, covariance, exploration);
    }

    /// <summary>The distribution of the arm's sampled score xᵀθ_a: N(xᵀμ_a, v²·xᵀA_a⁻¹x), as (mean, standard deviation).</summary>
    public (double Mean, double Sd) Score(int arm, ReadOnlySpan<double> x)
    {
        var mu = _mean[arm];
        var cov = _covariance[arm];
        var d = Dimension;
        var mean = 0.0;
        var quadratic = 0.0;
        for (var i = 0; i < d; i++)
        {
            mean += mu[i] * x[i];
            var row = i * d;
            var sum = 0.0;
            for (var j = 0; j < d; j++)
            {
                sum += cov[row + j] * x[j];
            }

            quadratic += x[i] * sum;
        }

        return (mean, Exploration * Math.Sqrt(Math.Max(quadratic, 0)));
    }
}
