using Bandit.MovieLens.Features;
using static Bandit.Variants.Serving.Ranking.TreeEnsembleCtrModel;

namespace Bandit.Variants.Serving.Ranking;

/// <summary>Builds a <see cref="ResolvedTreeCtrModel"/>: the residual tree of every (tree, catalogue movie) pair, shared.</summary>
public static class ResolvedTreeBuilder
{
    /// <summary>Largest residual kept (nodes): the per-request stacks are sized for it.</summary>
    public const int MaxResidualNodes = 31;

    /// <summary>The resolved form of <paramref name="trees"/> for <paramref name="state"/>'s catalogue, or null (with
    /// the reason) when the feature version or the trees do not allow it.</summary>
    public static ResolvedTreeCtrModel? TryBuild(IReadOnlyList<Tree> trees, FeatureState state, double plattSlope, double plattOffset, out string reason)
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

        var residualOf = new ushort[catalogue.Length * trees.Count];
        var treeBase = new int[trees.Count + 1];
        var pool = new Pool();
        var path = new List<int>();
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            treeBase[t] = pool.Roots.Count;
            var leafBase = pool.Leaves.Count;
            pool.Leaves.AddRange(tree.Nodes.Count == 0 ? [0.0] : tree.LeafValues); // a tree without splits adds 0, as in ML.NET
            var known = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var m = 0; m < catalogue.Length; m++)
            {
                var x = new ReadOnlySpan<float>(items, m * FeatureSpec.Length, FeatureSpec.Length);
                path.Clear();
                if (tree.Nodes.Count > 0)
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

                residualOf[(m * trees.Count) + t] = (ushort)id;
            }
        }

        treeBase[trees.Count] = pool.Roots.Count;
        reason = "";
        return new ResolvedTreeCtrModel(trees.Count, residualOf, treeBase, [.. pool.Roots], [.. pool.HasCross], [.. pool.Nodes], [.. pool.Leaves], plattSlope, plattOffset);
    }

    /// <summary>The residual's identity: the nodes (and leaves) left once item features are decided, in DFS order.</summary>
    private static void Trace(Tree tree, ReadOnlySpan<float> x, int node, List<int> path)
    {
        node = SkipItemNodes(tree, x, node);
        path.Add(node);
        if (node < tree.Nodes.Count)
        {
            Trace(tree, x, tree.Nodes[node].Left, path);
            Trace(tree, x, tree.Nodes[node].Right, path);
        }
    }

    private static int SkipItemNodes(Tree tree, ReadOnlySpan<float> x, int node)
    {
        while (node < tree.Nodes.Count && FeatureRoles.IsItemOnly(tree.Nodes[node].Feature))
        {
            var split = tree.Nodes[node];
            node = x[split.Feature] <= split.Threshold ? split.Left : split.Right;
        }

        return node;
    }

    private sealed class Pool
    {
        public List<int> Roots { get; } = [];
        public List<bool> HasCross { get; } = [];
        public List<Node> Nodes { get; } = [];
        public List<double> Leaves { get; } = [];

        /// <summary>Copies the residual of (tree, x) into the pool (children: pool node, or ~leaf); false when too large.</summary>
        public bool Add(Tree tree, ReadOnlySpan<float> x, int leafBase)
        {
            var first = Nodes.Count;
            var hasCross = false;
            int Copy(int node, ReadOnlySpan<float> features)
            {
                node = SkipItemNodes(tree, features, node);
                if (node >= tree.Nodes.Count)
                {
                    return ~(leafBase + node - tree.Nodes.Count);
                }

                var at = Nodes.Count;
                var split = tree.Nodes[node];
                hasCross |= split.Feature == FeatureRoles.Cross;
                Nodes.Add(default);
                var left = Copy(split.Left, features);
                var right = Copy(split.Right, features);
                Nodes[at] = new Node(split.Feature, split.Threshold, left, right);
                return at;
            }

            var root = tree.Nodes.Count == 0 ? ~leafBase : Copy(0, x);
            Roots.Add(root);
            HasCross.Add(hasCross);
            return Nodes.Count - first <= MaxResidualNodes;
        }
    }
}
