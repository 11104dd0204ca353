using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Bandit.Variants.Serving.Ranking.TreeEnsembleCtrModel;

namespace Bandit.Variants.Serving.Ranking;

/// <summary>
/// A tree ensemble partially evaluated ahead of time (see <see cref="FeatureRoles"/>). At load, every tree is walked
/// for every catalogue movie with the movie's own features fixed; what remains — a small "residual" tree testing only
/// user features and the user×genre affinity — is shared by the many movies that reach it, so each (tree, movie)
/// keeps just a residual id; residuals that are plain leaves (about a quarter) are summed per movie once and for all.
/// Per request, each residual is resolved once for the user's features into a step function of the affinity; then
/// a movie costs one lookup (and rarely a comparison or two) per remaining tree instead of a root-to-leaf walk.
/// The sums are ML.NET's up to the order of double additions, far below float precision.
/// </summary>
public sealed partial class ResolvedTreeCtrModel : CompiledCtrModel
{
    public const string EngineName = "resolved-trees";

    private readonly double[] _static;       // per catalogue position: the sum of its constant residuals
    private readonly int[] _dynamicStart;    // per position: its other residuals are _dynamic[start .. next start - 1]
    private readonly int[] _dynamic;         // residual ids that depend on the user
    private readonly int[] _root;            // per residual: a node of _nodes, or ~leaf (a constant)
    private readonly bool[] _hasCross;       // per residual: tests the cross feature somewhere
    private readonly Node[] _nodes;          // children: node index, or ~leaf into _leafValues
    private readonly double[] _leafValues;
    private readonly int _crossNodes;

    /// <param name="trees">Trees in the ensemble.</param>
    /// <param name="residualOf">The residual of (catalogue position m, tree t) at <c>m · trees + t</c>, numbered within the tree.</param>
    /// <param name="treeBase">The residuals of tree t are <c>treeBase[t] ..</c> in the pool.</param>
    /// <param name="root">Per pooled residual: its root node, or <c>~leaf</c> when it is a constant.</param>
    /// <param name="hasCross">Per pooled residual: whether it tests the cross feature.</param>
    /// <param name="nodes">The residuals' nodes.</param>
    /// <param name="leafValues">The leaves' values.</param>
    internal ResolvedTreeCtrModel(int trees, ushort[] residualOf, int[] treeBase, int[] root, bool[] hasCross, Node[] nodes, double[] leafValues,
        double plattSlope, double plattOffset) : base(plattSlope, plattOffset)
    {
        (_root, _hasCross, _nodes, _leafValues) = (root, hasCross, nodes, leafValues);
        _crossNodes = nodes.Count(n => n.Feature == FeatureRoles.Cross);

        // A residual that is a leaf is the same for every user: add those up once per movie (in tree order).
        var movies = residualOf.Length / Math.Max(1, trees);
        _static = new double[movies];
        _dynamicStart = new int[movies + 1];
        var dynamic = new List<int>();
        for (var m = 0; m < movies; m++)
        {
            _dynamicStart[m] = dynamic.Count;
            for (var t = 0; t < trees; t++)
            {
                var g = treeBase[t] + residualOf[(m * trees) + t];
                if (root[g] < 0)
                {
                    _static[m] += leafValues[~root[g]];
                }
                else
                {
                    dynamic.Add(g);
                }
            }
        }

        _dynamicStart[movies] = dynamic.Count;
        _dynamic = [.. dynamic];
        ConstantShare = movies * trees == 0 ? 1 : 1 - ((double)_dynamic.Length / (movies * trees));
    }

    public override string Engine => EngineName;

    public int ResidualCount => _root.Length;

    /// <summary>Share of (movie, tree) pairs whose residual is a constant (the same for every user), summed at load.</summary>
    public double ConstantShare { get; }

    protected override void RawScores(ReadOnlySpan<float> block, int width, ReadOnlySpan<int> positions, Span<float> scores)
    {
        var sums = ArrayPool<double>.Shared.Rent(scores.Length);
        try
        {
            Sums(block, width, positions, sums.AsSpan(0, scores.Length));
            for (var row = 0; row < scores.Length; row++)
            {
                scores[row] = (float)sums[row];
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(sums);
        }
    }

    /// <summary>
    /// The raw score of each row before its cast to float. The leaves are ML.NET's, added in another order (constants
    /// first, two running sums), so a sum may differ from ML.NET's in its last bits: <see cref="ExactTreeRanker"/>
    /// bounds that difference and re-scores in ML.NET's order whatever it could affect.
    /// </summary>
    public void Sums(ReadOnlySpan<float> block, int width, ReadOnlySpan<int> positions, Span<double> sums)
    {
        if (sums.Length == 0)
        {
            return;
        }

        var residuals = _root.Length;
        var steps = ArrayPool<Step>.Shared.Rent(residuals);
        var cuts = ArrayPool<float>.Shared.Rent(_crossNodes + residuals); // indexed like values
        var values = ArrayPool<double>.Shared.Rent(_crossNodes + residuals);
        try
        {
            ResolveForUser(block[..width], steps, cuts, values);
            Sum(block, width, positions, steps, cuts, values, sums);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(values);
            ArrayPool<float>.Shared.Return(cuts);
            ArrayPool<Step>.Shared.Return(steps);
        }
    }

    private void Sum(ReadOnlySpan<float> block, int width, ReadOnlySpan<int> positions, Step[] steps, float[] cuts, double[] values, Span<double> sums)
    {
        // Unchecked reads: positions are catalogue positions, and residual ids and step ranges were checked when built.
        ref var dynamic = ref MemoryMarshal.GetArrayDataReference(_dynamic);
        ref var step0 = ref MemoryMarshal.GetArrayDataReference(steps);
        for (var row = 0; row < sums.Length; row++)
        {
            var a = block[(row * width) + FeatureRoles.Cross];
            var m = positions[row];
            var end = _dynamicStart[m + 1];

            // Two running sums so consecutive additions do not wait on each other; summing in another order than
            // ML.NET changes a double by ~1e-16, which ExactTreeRanker allows for.
            double even = _static[m], odd = 0;
            var j = _dynamicStart[m];
            for (; j + 1 < end; j += 2)
            {
                even += Value(in Unsafe.Add(ref step0, Unsafe.Add(ref dynamic, j)), a, cuts, values);
                odd += Value(in Unsafe.Add(ref step0, Unsafe.Add(ref dynamic, j + 1)), a, cuts, values);
            }

            if (j < end)
            {
                even += Value(in Unsafe.Add(ref step0, Unsafe.Add(ref dynamic, j)), a, cuts, values);
            }

            sums[row] = even + odd;
        }
    }
}
