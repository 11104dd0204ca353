using System.Buffers;
using Bandit.MovieLens.Features;

namespace Bandit.Variants.Serving.Ranking;

/// <summary>
/// Ranks with a tree ensemble exactly as ML.NET does — the same probabilities to the bit, so the same order and the
/// same ties — at the speed of <see cref="ResolvedTreeCtrModel"/>. Every candidate is summed fast by the resolved trees,
/// whose sums may differ from ML.NET's in their last bits (another order of additions, at most <see cref="SumError"/>);
/// then only the candidates whose probability could reach the top are scored again in ML.NET's order
/// (<see cref="TreeEnsembleCtrModel.RawSum"/>), and the top is picked among those exact probabilities. Thread-safe.
/// </summary>
public sealed partial class ExactTreeRanker : IRanker
{
    public const string EngineName = "exact-trees";

    private readonly ResolvedTreeCtrModel _fast;
    private readonly TreeEnsembleCtrModel _exact;

    public ExactTreeRanker(ResolvedTreeCtrModel fast, TreeEnsembleCtrModel exact, FeatureState state)
    {
        (_fast, _exact, State) = (fast, exact, state);

        // Adding n terms in any order lands within (n − 1)·u·Σ|term| of their real sum (u = 2⁻⁵³, to first order), so
        // two orders land within twice that of each other; doubled again for the second-order terms and the one
        // rounding of "sum + SumError". Σ|term| is at most the sum of each tree's largest |leaf|.
        SumError = 4.0 * (exact.TreeCount + 1) * Math.ScaleB(1.0, -53) * exact.LeafMagnitude;
    }

    public string Engine => EngineName;

    public FeatureState State { get; }

    /// <summary>The most a fast sum can differ from ML.NET's sum of the same leaves.</summary>
    public double SumError { get; }

    public IReadOnlyList<ScoredMovie> TopK(int userId, int k, IReadOnlySet<int>? exclude)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        return Rank(userId, k, exclude);
    }

    /// <summary>ML.NET's probabilities for (user, movie) pairs, in order (for the check against ML.NET at load).</summary>
    public float[] Score(int userId, IReadOnlyList<int> movieIds)
    {
        var row = new float[FeatureSpec.Length];
        var probabilities = new float[movieIds.Count];
        for (var i = 0; i < probabilities.Length; i++)
        {
            State.Featurize(userId, movieIds[i], row);
            probabilities[i] = _exact.Probability((float)_exact.RawSum(row));
        }

        return probabilities;
    }

    /// <summary>The <paramref name="n"/> best candidates, best first (ties by ascending id), with ML.NET's probabilities.</summary>
    internal List<ScoredMovie> Rank(int userId, int n, IReadOnlySet<int>? exclude)
    {
        var catalogue = State.CatalogueIds;
        var rated = State.RatedBy(userId);
        var candidates = ArrayPool<int>.Shared.Rent(catalogue.Count);
        var positions = ArrayPool<int>.Shared.Rent(catalogue.Count);
        var count = 0;
        for (var i = 0; i < catalogue.Count; i++)
        {
            var id = catalogue[i];
            if (!rated.Contains(id) && exclude?.Contains(id) != true)
            {
                positions[count] = i;
                candidates[count++] = id;
            }
        }

        var block = ArrayPool<float>.Shared.Rent(count * FeatureSpec.Length);
        var sums = ArrayPool<double>.Shared.Rent(count);
        try
        {
            State.FeaturizeMany(userId, candidates.AsSpan(0, count), block);
            _fast.Sums(block.AsSpan(0, count * FeatureSpec.Length), FeatureSpec.Length, positions.AsSpan(0, count), sums.AsSpan(0, count));
            return Select(candidates.AsSpan(0, count), block, sums.AsSpan(0, count), n);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(sums);
            ArrayPool<float>.Shared.Return(block);
            ArrayPool<int>.Shared.Return(positions);
            ArrayPool<int>.Shared.Return(candidates);
        }
    }

    private float ExactProbability(float[] block, int row) =>
        _exact.Probability((float)_exact.RawSum(block.AsSpan(row * FeatureSpec.Length, FeatureSpec.Length)));
}
