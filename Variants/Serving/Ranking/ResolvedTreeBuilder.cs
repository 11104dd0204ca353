using Bandit.MovieLens.Features;
using Microsoft.ML.Trainers.FastTree;
using static Bandit.Variants.Serving.Ranking.TreeEnsembleCtrModel;

namespace Bandit.Variants.Serving.Ranking;

/// <summary>Builds a <see cref="ResolvedTreeCtrModel"/>: the residual tree of every (tree, catalogue movie) pair, shared.</summary>
public static class ResolvedTreeBuilder
{
    /// <summary>Largest residual kept (nodes): the per-request stacks are sized for it.</summary>
    public const int MaxResidualNodes = 31;

    /// <summary>The resolved model, or null (with the reason) when the features or the trees do not allow it.</summary>
    public static ResolvedTreeCtrModel? TryBuild(RegressionTreeEnsemble ensemble, FeatureState state, double plattSlope, double plattOffset, out string reason)
    {
        if (!FeatureRoles.Applies)
        {
            reason = $"feature roles are written for {FeatureRoles.AppliesTo}, not {FeatureSpec.Version}";
            return null;
        }

        // Item features do not depend on the user: those of any user (here an unknown one) are every user's.
        int[] catalogue = [.. state.CatalogueIds];
        var items = new float[catalogue.Length * FeatureSpec.Length];
        state.FeaturizeMany(int.MinValue, catalogue, items);

        var trees = ensemble.Trees.Count;
        var residualOf = new ushort[catalogue.Length * trees];
        var treeBase = new int[trees + 1];
        var pool = new Pool();
        var path = new List<int>();
        for (var t = 0; t < trees; t++)
        {
            var tree = ensemble.Trees[t];
            if (tree.CategoricalSplitFlags.Any(flag => flag))
            {
                reason = "a tree has categorical splits";
                return null;
            }

            treeBase[t] = pool.Roots.Count;
            var leafBase = pool.Leaves.Count;
            pool.Leaves.AddRange(tree.NumberOfNodes == 0 ? [0.0] : tree.LeafValues); // a tree without splits adds 0, as in ML.NET
            var known = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var m = 0; m < catalogue.Length; m++)
            {
                var x = new ReadOnlySpan<float>(items, m * FeatureSpec.Length, FeatureSpec.Length);
                path.Clear();
                if (tree.NumberOfNodes > 0)
                {
                    Trace(tree, x, 0, path);
                }

                var key = string.Join(',', path);
                if (!known.TryGetValue(key, out var id))
                {
                    id = known.Count;
                    if (id > ushort.MaxValue)
                    {
                        reason = $"tree {t} has more than {ushort.MaxValue + 1} residuals";
                        return null;
                    }

                    known[key] = id;
                    if (!pool.Add(tree, x, leafBase))
                    {
                        reason = $"a residual of tree {t} has more than {MaxResidualNodes} nodes";
                        return null;
                    }
                }

                residualOf[(m * trees) + t] = (ushort)id;
            }
        }

        treeBase[trees] = pool.Roots.Count;
        reason = "";
        return new ResolvedTreeCtrModel(trees, residualOf, treeBase, [.. pool.Roots], [.. pool.HasCross], [.. pool.Nodes], [.. pool.Leaves], plattSlope, plattOffset);
    }

    /// <summary>The residual's identity: the original nodes (and leaves, as ~leaf) left once item features are decided, in DFS order.</summary>
    private static void Trace(RegressionTree tree, ReadOnlySpan<float> x, int node, List<int> path)
    {
        node = SkipItemNodes(tree, x, node);
        path.Add(node);
        if (node >= 0)
        {
            Trace(tree, x, tree.LeftChild[node], path);
            Trace(tree, x, tree.RightChild[node], path);
        }
    }

    private static int SkipItemNodes(RegressionTree tree, ReadOnlySpan<float> x, int node)
    {
        while (node >= 0 && FeatureRoles.IsItemOnly(tree.NumericalSplitFeatureIndexes[node]))
        {
            var feature = tree.NumericalSplitFeatureIndexes[node];
            node = x[feature] <= tree.NumericalSplitThresholds[node] ? tree.LeftChild[node] : tree.RightChild[node];
        }

        return node;
    }

    private sealed class Pool
    {
        public List<int> Roots { get; } = [];
        public List<bool> HasCross { get; } = [];
        public List<Node> Nodes { get; } = [];
        public List<double> Leaves { get; } = [];

        /// <summary>Copies the residual of (tree, x) into the pool; false when it is too large.</summary>
        public bool Add(RegressionTree tree, ReadOnlySpan<float> x, int leafBase)
        {
            var first = Nodes.Count;
            var hasCross = false;
            int Copy(int node, ReadOnlySpan<float> features)
            {
                node = SkipItemNodes(tree, features, node);
                if (node < 0)
                {
                    return ~(leafBase + ~node);
                }

                var at = Nodes.Count;
                var feature = tree.NumericalSplitFeatureIndexes[node];
                hasCross |= feature == FeatureRoles.Cross;
                Nodes.Add(default);
                var left = Copy(tree.LeftChild[node], features);
                var right = Copy(tree.RightChild[node], features);
                Nodes[at] = new Node(feature, tree.NumericalSplitThresholds[node], left, right);
                return at;
            }

            var root = tree.NumberOfNodes == 0 ? ~leafBase : Copy(0, x);
            Roots.Add(root);
            HasCross.Add(hasCross);
            return Nodes.Count - first <= MaxResidualNodes;
        }
    }
}
