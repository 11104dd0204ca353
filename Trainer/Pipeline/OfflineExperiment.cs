using Bandit.MovieLens;
using Bandit.MovieLens.Features;
using Bandit.Trainer.Evaluation;
using Bandit.Training;
using Bandit.Training.Modeling;

namespace Bandit.Trainer.Pipeline;

/// <summary>
/// The Trainer's ML steps without MLflow after <see cref="PolicyTraining"/> has split, featurized and fitted: score the test set beside the
/// popularity baseline, evaluate, cross-validate. Each is a pure function of its inputs and the seed.
/// </summary>
public static class OfflineExperiment
{
    /// <summary>Scores the test rows with the baseline (the item's smoothed positive rate from the training-window
    /// state) and each fitted policy.</summary>
    public static ScoredTestSet Score(PreparedSplit prepared, IReadOnlyList<FittedPolicy> fitted)
    {
        var test = prepared.Data.Test;
        var scores = new Dictionary<string, float[]>(StringComparer.Ordinal)
        {
            [Policies.Baseline] = [.. test.Select(r => prepared.Data.State.PopularityScore(r.MovieId))],
        };
        foreach (var policy in fitted)
        {
            scores[policy.Definition.Policy] = PolicyFitter.Score(policy, test);
        }

        return new ScoredTestSet(test, scores);
    }

    /// <summary>Every metric of <see cref="SplitEvaluator"/>, plus each scorer's top-10 coverage and personalisation
    /// (<see cref="TopLists"/>) when the fitted policies are given — the Trainer does that for the registered split only,
    /// whose models the variants serve: ranking the whole catalogue is the costly part of the evaluation.</summary>
    public static SplitEvaluation Evaluate(PreparedSplit prepared, ScoredTestSet scored, IReadOnlyDictionary<int, Movie> movies, int bootstrapResamples, int seed,
        IReadOnlyList<FittedPolicy>? topListsOf = null, int topListUsers = TopLists.DefaultSampleSize)
    {
        var evaluation = SplitEvaluator.Evaluate(prepared.Split, scored, movies, bootstrapResamples, seed);
        return topListsOf is null || topListUsers == 0
            ? evaluation
            : evaluation with { TopLists = TopLists.Evaluate(prepared.Data.Test, prepared.Data.State, topListsOf, seed, topListUsers) };
    }
}
