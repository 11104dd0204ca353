using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Bandit.Variants.Serving.Ranking.TreeEnsembleCtrModel;

namespace Bandit.Variants.Serving.Ranking;

/// <summary>
/// A tree ensemble partially evaluated ahead of time (see <see cref="FeatureRoles"/>). At load, every tree is walked
/// for every catalogue movie with the movie's own features fixed; what remains — a small "residual" tree testing only
/// user features and the user×genre affinity — is shared by the many movies that reach it, so each (tree, movie)
/// keeps just a residual id. Per request, each residual is resolved once for the user's features into a step
/// function of the affinity; then a movie costs one lookup (and rarely a comparison or two) per tree instead of a
/// root-to-leaf walk. Same sums in the same order as ML.NET, so the same scores.
/// </summary>
public sealed class ResolvedTreeCtrModel : CompiledCtrModel
{
    public const string EngineName = "resolved-trees";

    private readonly int _trees;
    private readonly ushort[] _residualOf;   // [position * trees + tree]
    private readonly int[] _treeBase;        // residuals of tree t: _treeBase[t] .. _treeBase[t + 1] - 1
    private readonly int[] _root;            // per residual: a node of _nodes, or ~leaf (a constant)
    private readonly bool[] _hasCross;       // per residual: tests the cross feature somewhere
    private readonly Node[] _nodes;          // children: node index, or ~leaf into _leafValues
    private readonly double[] _leafValues;
    private readonly int _crossNodes;

    internal ResolvedTreeCtrModel(int trees, ushort[] residualOf, int[] treeBase, int[] root, bool[] hasCross, Node[] nodes, double[] leafValues,
        double plattSlope, double plattOffset) : base(plattSlope, plattOffset)
    {
        (_trees, _residualOf, _treeBase, _root, _hasCross, _nodes, _leafValues) = (trees, residualOf, treeBase, root, hasCross, nodes, leafValues);
        _crossNodes = nodes.Count(n => n.Feature == FeatureRoles.Cross);
    }

    public override string Engine => EngineName;

    public int ResidualCount => _root.Length;

    /// <summary>Share of (movie, tree) pairs whose residual is a constant (needs no user feature at all).</summary>
    public double ConstantShare
    {
        get
        {
            long constant = 0;
            for (var i = 0; i < _residualOf.Length; i++)
            {
                constant += _root[_treeBase[i % _trees] + _residualOf[i]] < 0 ? 1 : 0;
            }

            return (double)constant / _residualOf.Length;
        }
    }

    /// <summary>Share of (movie, tree) pairs whose residual tests the cross feature.</summary>
    public double CrossShare => (double)Enumerable.Range(0, _residualOf.Length).Count(i => _hasCross[_treeBase[i % _trees] + _residualOf[i]]) / _residualOf.Length;

    protected override void RawScores(ReadOnlySpan<float> block, int width, ReadOnlySpan<int> positions, Span<float> scores)
    {
        if (scores.Length == 0)
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
            Sum(block, width, positions, steps, cuts, values, scores);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(values);
            ArrayPool<float>.Shared.Return(cuts);
            ArrayPool<Step>.Shared.Return(steps);
        }
    }

    /// <summary>Each residual as a step function of the affinity a: value k of <c>values[start..]</c> holds for
    /// <c>cuts[start + k − 1] &lt; a ≤ cuts[start + k]</c> (k = count: above every cut).</summary>
    private void ResolveForUser(ReadOnlySpan<float> user, Step[] steps, float[] cuts, double[] values)
    {
        Span<int> stack = stackalloc int[64];
        Span<float> local = stackalloc float[64];
        var next = 0;
        for (var g = 0; g < _root.Length; g++)
        {
            if (!_hasCross[g])
            {
                steps[g] = new Step(_leafValues[~Walk(_root[g], user, 0f)], next, 0);
                continue;
            }

            // The cross feature's thresholds still reachable once the user's own features decide their nodes.
            var n = 0;
            var top = 0;
            stack[top++] = _root[g];
            while (top > 0)
            {
                var node = stack[--top];
                while (node >= 0 && _nodes[node].Feature != FeatureRoles.Cross)
                {
                    ref readonly var split = ref _nodes[node];
                    node = user[split.Feature] <= split.Threshold ? split.Left : split.Right;
                }

                if (node >= 0 && n < local.Length && top + 2 <= stack.Length)
                {
                    local[n++] = _nodes[node].Threshold;
                    stack[top++] = _nodes[node].Left;
                    stack[top++] = _nodes[node].Right;
                }
            }

            var found = local[..n];
            found.Sort();
            var unique = 0;
            foreach (var cut in found)
            {
                if (unique == 0 || cut != found[unique - 1])
                {
                    found[unique++] = cut;
                }
            }

            // Each interval (cut[k-1], cut[k]] is evaluated at its closed end; the last one above every cut.
            for (var k = 0; k <= unique; k++)
            {
                var a = k < unique ? found[k] : float.PositiveInfinity;
                if (k < unique)
                {
                    cuts[next + k] = a;
                }

                values[next + k] = _leafValues[~Walk(_root[g], user, a)];
            }

            steps[g] = new Step(values[next], next, unique);
            next += unique + 1;
        }
    }

    private int Walk(int node, ReadOnlySpan<float> user, float affinity)
    {
        while (node >= 0)
        {
            ref readonly var split = ref _nodes[node];
            var x = split.Feature == FeatureRoles.Cross ? affinity : user[split.Feature];
            node = x <= split.Threshold ? split.Left : split.Right;
        }

        return node;
    }

    private void Sum(ReadOnlySpan<float> block, int width, ReadOnlySpan<int> positions, Step[] steps, float[] cuts, double[] values, Span<float> scores)
    {
        // Unchecked reads: positions are catalogue positions, and residual ids and step ranges were checked when built.
        ref var residualOf = ref MemoryMarshal.GetArrayDataReference(_residualOf);
        ref var treeBase = ref MemoryMarshal.GetArrayDataReference(_treeBase);
        ref var step0 = ref MemoryMarshal.GetArrayDataReference(steps);
        for (var row = 0; row < scores.Length; row++)
        {
            var a = block[(row * width) + FeatureRoles.Cross];
            ref var ids = ref Unsafe.Add(ref residualOf, positions[row] * _trees);

            // Two running sums (even and odd trees) so consecutive additions do not wait on each other; the
            // re-association changes a double sum by ~1e-16, far below the float the score is cast to.
            double even = 0, odd = 0;
            var t = 0;
            for (; t + 1 < _trees; t += 2)
            {
                even += Value(in Unsafe.Add(ref step0, Unsafe.Add(ref treeBase, t) + Unsafe.Add(ref ids, t)), a, cuts, values);
                odd += Value(in Unsafe.Add(ref step0, Unsafe.Add(ref treeBase, t + 1) + Unsafe.Add(ref ids, t + 1)), a, cuts, values);
            }

            if (t < _trees)
            {
                even += Value(in Unsafe.Add(ref step0, Unsafe.Add(ref treeBase, t) + Unsafe.Add(ref ids, t)), a, cuts, values);
            }

            scores[row] = (float)(even + odd);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Value(in Step step, float a, float[] cuts, double[] values)
    {
        if (step.Count == 0 || a <= cuts[step.Start])
        {
            return step.First;
        }

        var k = 1;
        while (k < step.Count && a > cuts[step.Start + k])
        {
            k++;
        }

        return values[step.Start + k];
    }

    /// <summary>A residual resolved for one user: <see cref="First"/> for an affinity up to the first cut (or always,
    /// when <see cref="Count"/> is 0); above cut k, value k + 1 of the values from <see cref="Start"/>.</summary>
    private readonly record struct Step(double First, int Start, int Count);
}
