using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Bandit.Variants.Serving.Ranking;

// Per request: the residuals resolved for the user's own features into step functions of the affinity.
public sealed partial class ResolvedTreeCtrModel
{
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
                values[next] = _leafValues[~Walk(_root[g], user, 0f)];
                steps[g] = new Step(Step.NoCuts, next++, 0);
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

            steps[g] = new Step(Step.FirstCuts(found[..unique]), next, unique);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Value(in Step step, float a, float[] cuts, double[] values)
    {
        if (step.Count > Step.Lanes)
        {
            return Beyond(in step, a, cuts, values); // never seen with 31-leaf trees: kept for correctness
        }

        // The step index is the number of cuts below a, counted in one vector compare: no branch on a, whose side of
        // each cut is as good as random from one movie to the next (unused lanes hold +∞).
        var below = Vector256.GreaterThan(Vector256.Create(a), step.Cuts).ExtractMostSignificantBits();
        return values[step.Start + BitOperations.PopCount(below)];
    }

    private static double Beyond(in Step step, float a, float[] cuts, double[] values)
    {
        var k = 0;
        while (k < step.Count && a > cuts[step.Start + k])
        {
            k++;
        }

        return values[step.Start + k];
    }

    /// <summary>
    /// A residual resolved for one user, as a step function of the affinity: value k of those from
    /// <see cref="Start"/> holds above k of its <see cref="Count"/> ascending cuts (its first <see cref="Lanes"/> cuts
    /// are in <see cref="Cuts"/>, the rest +∞; a constant has none).
    /// </summary>
    private readonly struct Step(Vector256<float> cuts, int start, int count)
    {
        public const int Lanes = 8;

        public static readonly Vector256<float> NoCuts = Vector256.Create(float.PositiveInfinity);

        public readonly Vector256<float> Cuts = cuts;
        public readonly int Start = start;
        public readonly int Count = count;

        public static Vector256<float> FirstCuts(ReadOnlySpan<float> ascending)
        {
            Span<float> lanes = stackalloc float[Lanes];
            lanes.Fill(float.PositiveInfinity);
            ascending[..Math.Min(Lanes, ascending.Length)].CopyTo(lanes);
            return Vector256.Create<float>(lanes);
        }
    }
}
