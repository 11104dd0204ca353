using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Bandit.Variants.Serving.Ranking;

/// <summary>
/// A regression-tree ensemble (LightGBM or FastTree) as flat node arrays: at node n go left when
/// <c>x[feature] ≤ threshold</c>; the score is the sum of the leaves reached (in double, cast to float, as ML.NET
/// does). Numerical splits only. Rows are walked tree by tree, so one tree's nodes stay in cache for the whole block.
/// </summary>
public sealed class TreeEnsembleCtrModel(IReadOnlyList<TreeEnsembleCtrModel.Tree> trees, double plattSlope, double plattOffset) : CompiledCtrModel(plattSlope, plattOffset)
{
    public const string EngineName = "compiled-trees";

    public override string Engine => EngineName;

    public int TreeCount => trees.Count;

    public IReadOnlyList<Tree> Trees => trees;

    /// <summary>The sum over trees of their largest |leaf|: no raw score, nor any partial sum, exceeds it in magnitude.</summary>
    public double LeafMagnitude { get; } = trees.Sum(t => t.Nodes.Count == 0 ? 0 : t.LeafValues.Max(Math.Abs));

    /// <summary>The raw score of one feature row exactly as ML.NET computes it: the leaves in tree order, in a double.</summary>
    public double RawSum(ReadOnlySpan<float> features)
    {
        var sum = 0.0;
        foreach (var tree in trees)
        {
            sum += tree.Leaf(features);
        }

        return sum;
    }

    protected override void RawScores(ReadOnlySpan<float> block, int width, ReadOnlySpan<int> positions, Span<float> scores)
    {
        var sums = ArrayPool<double>.Shared.Rent(scores.Length);
        try
        {
            Array.Clear(sums, 0, scores.Length);
            foreach (var tree in trees)
            {
                tree.AddTo(block, width, sums.AsSpan(0, scores.Length));
            }

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

    /// <summary>One split: go to <see cref="Left"/> when <c>x[Feature] ≤ Threshold</c>, else <see cref="Right"/>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public readonly record struct Node(int Feature, float Threshold, int Left, int Right);

    /// <summary>
    /// One tree: <paramref name="nodes"/> are the splits; a child index ≥ <c>nodes.Length</c> is leaf
    /// <c>index − nodes.Length</c> of <paramref name="leafValues"/>. A tree without splits contributes 0, as in ML.NET.
    /// </summary>
    public sealed class Tree(Node[] nodes, double[] leafValues)
    {
        /// <summary>The splits; a child index ≥ their count is a leaf.</summary>
        public IReadOnlyList<Node> Nodes => nodes;

        public IReadOnlyList<double> LeafValues => leafValues;

        /// <summary>From ML.NET's child encoding, where a negative child <c>c</c> is leaf <c>~c</c>.</summary>
        public static Tree FromMlNet(IReadOnlyList<int> feature, IReadOnlyList<float> threshold, IReadOnlyList<int> left, IReadOnlyList<int> right, IReadOnlyList<double> leafValues)
        {
            var inner = feature.Count;
            int Child(int c) => c >= 0 ? c : inner + ~c;
            var nodes = new Node[inner];
            for (var i = 0; i < inner; i++)
            {
                nodes[i] = new Node(feature[i], threshold[i], Child(left[i]), Child(right[i]));
            }

            return new Tree(nodes, [.. leafValues]);
        }

        public void AddTo(ReadOnlySpan<float> block, int width, Span<double> sums)
        {
            var inner = nodes.Length;
            if (inner == 0)
            {
                return;
            }

            // Unchecked reads: every index was range-checked when the tree was compiled (features < width, children in range).
            ref var firstNode = ref MemoryMarshal.GetArrayDataReference(nodes);
            ref var firstLeaf = ref MemoryMarshal.GetArrayDataReference(leafValues);
            ref var x = ref MemoryMarshal.GetReference(block);
            for (var row = 0; row < sums.Length; row++)
            {
                ref var features = ref Unsafe.Add(ref x, row * width);
                var n = 0;
                do
                {
                    ref var node = ref Unsafe.Add(ref firstNode, n);
                    n = Unsafe.Add(ref features, node.Feature) <= node.Threshold ? node.Left : node.Right;
                }
                while (n < inner);

                sums[row] += Unsafe.Add(ref firstLeaf, n - inner);
            }
        }

        /// <summary>The leaf <paramref name="features"/> reach (0 for a tree without splits, as in ML.NET).</summary>
        public double Leaf(ReadOnlySpan<float> features)
        {
            var inner = nodes.Length;
            if (inner == 0)
            {
                return 0;
            }

            var n = 0;
            do
            {
                var node = nodes[n];
                n = features[node.Feature] <= node.Threshold ? node.Left : node.Right;
            }
            while (n < inner);

            return leafValues[n - inner];
        }

        /// <summary>True when every feature index is below <paramref name="width"/> and every child is a node or a leaf.</summary>
        public bool IsWellFormed(int width) =>
            nodes.All(n => n.Feature >= 0 && n.Feature < width && InRange(n.Left) && InRange(n.Right))
            && (nodes.Length == 0 || leafValues.Length > 0);

        private bool InRange(int child) => child > 0 && child < nodes.Length + leafValues.Length;
    }
}
