namespace Bandit.Allocation;

/// <summary>
/// One arm's sufficient statistics for Bayesian linear regression of the reward on a context x of dimension d:
/// the Gram matrix Σ x xᵀ (row-major d×d), Σ r·x and the count. Sums only, so they add up across decisions and
/// replicas in any order; the ridge λ is added when the posterior is built, so it can change without losing data.
/// Mutable: the owner (the replay simulator, the in-memory store) adds to it under its own synchronisation.
/// </summary>
public sealed class LinearArmStats
{
    public LinearArmStats(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimension, LinearPosterior.MaxDimension);
        Dimension = dimension;
        Gram = new double[dimension * dimension];
        Xr = new double[dimension];
    }

    public int Dimension { get; }

    /// <summary>Σ x xᵀ, row-major.</summary>
    public double[] Gram { get; }

    /// <summary>Σ r·x.</summary>
    public double[] Xr { get; }

    public long Count { get; private set; }

    /// <summary>Adds one observed (context, reward).</summary>
    public void Add(ReadOnlySpan<double> x, double reward)
    {
        if (x.Length != Dimension)
        {
            throw new ArgumentException($"the context has {x.Length} features, the model {Dimension}.", nameof(x));
        }

        for (var i = 0; i < Dimension; i++)
        {
            var row = i * Dimension;
            for (var j = 0; j < Dimension; j++)
            {
                Gram[row + j] += x[i] * x[j];
            }

            Xr[i] += reward * x[i];
        }

        Count++;
    }

    /// <summary>A copy (the posterior is built from a copy while the owner keeps adding).</summary>
    public LinearArmStats Clone()
    {
        var copy = new LinearArmStats(Dimension) { Count = Count };
        Gram.CopyTo(copy.Gram, 0);
        Xr.CopyTo(copy.Xr, 0);
        return copy;
    }

    /// <summary>Statistics read from a store: <paramref name="gram"/> d×d row-major, <paramref name="xr"/> d.</summary>
    public static LinearArmStats From(IReadOnlyList<double> gram, IReadOnlyList<double> xr, long count)
    {
        var stats = new LinearArmStats(xr.Count) { Count = count };
        if (gram.Count != xr.Count * xr.Count)
        {
            throw new ArgumentException($"a {xr.Count}-dimensional model needs {xr.Count * xr.Count} Gram entries, got {gram.Count}.", nameof(gram));
        }

        for (var i = 0; i < gram.Count; i++)
        {
            stats.Gram[i] = gram[i];
        }

        for (var i = 0; i < xr.Count; i++)
        {
            stats.Xr[i] = xr[i];
        }

        return stats;
    }
}
