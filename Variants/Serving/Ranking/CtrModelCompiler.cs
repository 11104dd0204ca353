using System.Collections.Immutable;
using Bandit.MovieLens.Features;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Transforms;

namespace Bandit.Variants.Serving.Ranking;

/// <summary>
/// Picks the fastest ranker that gives ML.NET's answers. The pipelines the Trainer builds — affine normalizers
/// on <c>Features</c> then a Platt-calibrated linear model or regression-tree ensemble (LightGBM, FastTree) — are
/// compiled to <see cref="CompiledCtrModel"/>; the compiled probabilities are then compared with ML.NET's over the
/// whole catalogue for a few users, and any difference above <see cref="Tolerance"/> (or any other pipeline) keeps
/// the ML.NET path. Compilation changes speed, not the scores (beyond float rounding). A field-aware factorization
/// machine (Policy C) compiles to <see cref="FieldAwareCtrModel"/>, checked the same way. Tree ensembles are served by
/// <see cref="ExactTreeRanker"/> (and, once <see cref="WarmingTreeRanker"/> has ranked every user in the background, by
/// <see cref="UserListRanker"/> when the state is small enough) when its probabilities equal ML.NET's to the bit, so ties fall exactly as ML.NET's.
/// </summary>
public static class CtrModelCompiler
{
    /// <summary>Largest accepted |p_compiled − p_mlnet|: float rounding differs in the order of summation only.</summary>
    public const float Tolerance = 1e-5f;

    /// <summary>The ranker to serve with, and why the ML.NET path was kept when it was.</summary>
    public static (IRanker Ranker, string? Fallback) Choose(CandidateScorer scorer, ITransformer model)
    {
        var compiled = TryCompile(model, scorer.State, out var reason);
        string? rejected = null;
        if (compiled is [ResolvedTreeCtrModel fast, TreeEnsembleCtrModel walk])
        {
            // Trees can give ML.NET's probabilities to the bit, so the same order and ties: demand exactly that.
            var exact = new ExactTreeRanker(fast, walk, scorer.State);
            var difference = MaxDifference(scorer, exact.Score);
            if (difference == 0)
            {
                return (new WarmingTreeRanker(exact), null);
            }

            rejected = $"the {exact.Engine} probabilities differ from ML.NET by {difference:G3}";
        }

        foreach (var candidate in compiled)
        {
            var ranker = new CompiledRanker(candidate, scorer.State);
            var difference = MaxDifference(scorer, ranker.Score);
            if (difference <= Tolerance)
            {
                return (ranker, null);
            }

            rejected ??= $"the {candidate.Engine} model differs from ML.NET by {difference:G3}";
        }

        return (new MlNetRanker(scorer), rejected ?? reason);
    }

    /// <summary>
    /// The compiled forms of <paramref name="model"/>, fastest first (for trees: <see cref="ResolvedTreeCtrModel"/>
    /// when <paramref name="state"/> is given and it builds, then <see cref="TreeEnsembleCtrModel"/>); empty, with the
    /// reason, when its shape is not one this compiles.
    /// </summary>
    public static IReadOnlyList<CompiledCtrModel> TryCompile(ITransformer model, FeatureState? state, out string reason)
    {
        var steps = model is IEnumerable<ITransformer> chain ? chain.ToList() : [model];
        if (steps.Count > 0 && steps[^1] is FieldAwareFactorizationMachinePredictionTransformer)
        {
            return FieldAwareCtrModel.TryCompile(steps, out reason);
        }

        if (steps.Count == 0 || steps[^1] is not ISingleFeaturePredictionTransformer<object> { FeatureColumnName: CtrInput.FeaturesColumn } predictor
            || predictor.Model is not CalibratedModelParametersBase { Calibrator: PlattCalibrator platt } calibrated)
        {
            reason = "the last step is not a Platt-calibrated binary predictor on Features";
            return [];
        }

        var scale = Enumerable.Repeat(1f, FeatureSpec.Length).ToArray();
        var offset = new float[FeatureSpec.Length];
        foreach (var step in steps[..^1])
        {
            if (!TryFoldNormalizer(step, scale, offset))
            {
                reason = $"step {step.GetType().Name} is not an affine normalizer";
                return [];
            }
        }

        switch (calibrated.SubModel)
        {
            case LinearBinaryModelParameters linear when linear.Weights.Count == FeatureSpec.Length:
                var weights = new float[FeatureSpec.Length];
                var bias = linear.Bias;
                for (var j = 0; j < weights.Length; j++)
                {
                    weights[j] = linear.Weights[j] * scale[j];
                    bias -= weights[j] * offset[j];
                }

                reason = "";
                return [new LinearCtrModel(weights, bias, platt.Slope, platt.Offset)];
            case TreeEnsembleModelParametersBasedOnRegressionTree trees when steps.Count == 1:
                var walk = CompileTrees(trees.TrainedTreeEnsemble, platt, out reason);
                var resolved = walk is null || state is null ? null : ResolvedTreeBuilder.TryBuild(walk.Trees, state, platt.Slope, platt.Offset, out reason);
                return [.. new CompiledCtrModel?[] { resolved, walk }.OfType<CompiledCtrModel>()];
            default:
                reason = $"the predictor {calibrated.SubModel.GetType().Name} is not compiled (or follows a normalizer)";
                return [];
        }
    }

    /// <summary>Composes an affine normalizer <c>(x − offset) · scale</c> into the running (scale, offset).</summary>
    internal static bool TryFoldNormalizer(ITransformer step, float[] scale, float[] offset)
    {
        if (step is not NormalizingTransformer normalizer
            || normalizer.GetNormalizerModelParameters(0) is not NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<float>> affine
            || affine.Scale.Length != FeatureSpec.Length)
        {
            return false;
        }

        // x' = (x − o₁)·s₁ then x'' = (x' − o₂)·s₂ = (x − (o₁ + o₂/s₁))·s₁s₂ ; an empty Offset means all zero.
        for (var j = 0; j < scale.Length; j++)
        {
            var o2 = affine.Offset.IsDefaultOrEmpty ? 0f : affine.Offset[j];
            if (o2 != 0 && scale[j] == 0)
            {
                return false;
            }

            offset[j] += o2 == 0 ? 0 : o2 / scale[j];
            scale[j] *= affine.Scale[j];
        }

        return true;
    }

    private static TreeEnsembleCtrModel? CompileTrees(RegressionTreeEnsemble ensemble, PlattCalibrator platt, out string reason)
    {
        var trees = new List<TreeEnsembleCtrModel.Tree>(ensemble.Trees.Count);
        foreach (var tree in ensemble.Trees)
        {
            var compiled = TreeEnsembleCtrModel.Tree.FromMlNet(tree.NumericalSplitFeatureIndexes, tree.NumericalSplitThresholds, tree.LeftChild, tree.RightChild, tree.LeafValues);
            if (tree.CategoricalSplitFlags.Any(flag => flag) || !compiled.IsWellFormed(FeatureSpec.Length))
            {
                reason = "a tree has categorical splits, features outside the feature vector or dangling children";
                return null;
            }

            trees.Add(compiled);
        }

        reason = "";
        return new TreeEnsembleCtrModel(trees, platt.Slope, platt.Offset);
    }

    /// <summary>The largest probability difference over the whole catalogue for a cold-start user and a few known ones.</summary>
    private static float MaxDifference(CandidateScorer scorer, Func<int, IReadOnlyList<int>, float[]> score)
    {
        var catalogue = scorer.State.CatalogueIds;
        int[] users = [-1, .. Enumerable.Range(1, 50_000).Where(scorer.State.IsKnownUser).Take(3)];
        var max = 0f;
        foreach (var user in users)
        {
            var expected = scorer.Score(user, catalogue);
            var actual = score(user, catalogue);
            for (var i = 0; i < expected.Length; i++)
            {
                var d = Math.Abs(expected[i] - actual[i]);
                max = float.IsNaN(d) ? float.PositiveInfinity : Math.Max(max, d);
            }
        }

        return max;
    }
}
