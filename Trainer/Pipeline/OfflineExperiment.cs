using System.Diagnostics;
using Bandit.MovieLens;
using Bandit.MovieLens.Features;
using Bandit.Trainer.Evaluation;
using Bandit.Trainer.Modeling;

namespace Bandit.Trainer.Pipeline;

/// <summary>A split and its leakage-free examples: out-of-fold training rows, test rows featurized with the
/// training window's <see cref="FeatureState"/> (the state that ships with the model).</summary>
public sealed record PreparedSplit(DataSplit Split, CtrDataSet Data);

/// <summary>
/// The Trainer's ML steps without MLflow: split and featurize, fit both policies, score the test set beside the
/// popularity baseline, evaluate, cross-validate. Each is a pure function of its inputs and the seed.
/// </summary>
public static class OfflineExperiment
{
    /// <summary>Splits the ratings and builds the examples exactly as the models see them (the MovieLens feature code;
    /// its out-of-fold encoding uses <see cref="TrainingSetBuilder.DefaultFolds"/> folds and the run's seed).</summary>
    public static PreparedSplit Prepare(MovieLensDataset data, SplitKind kind, int seed)
    {
        var split = Splitter.Split(data.Ratings, kind);
        return new PreparedSplit(split, TrainingSetBuilder.Build(split, data.MoviesById, TrainingSetBuilder.DefaultFolds, seed));
    }

    /// <summary>
    /// Fits every policy on every split's training examples, all fits spread over the cores (each in its own seeded
    /// context, so the result does not depend on scheduling). Result [s][p] is split s, policy p.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<FittedPolicy>> Fit(IReadOnlyList<PreparedSplit> splits, IReadOnlyList<IPolicyModel> policies, int seed,
        Action<string>? progress = null)
    {
        var fitted = splits.Select(_ => new FittedPolicy[policies.Count]).ToArray();
        var work = Enumerable.Range(0, splits.Count).SelectMany(s => Enumerable.Range(0, policies.Count).Select(p => (Split: s, Policy: p))).ToArray();
        Parallel.ForEach(work, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, item =>
        {
            var prepared = splits[item.Split];
            var policy = policies[item.Policy];
            var name = $"{prepared.Split.Kind.CliName()} {policy.Policy} ({policy.Trainer})";
            progress?.Invoke($"{name}: training on {prepared.Data.Train.Count:N0} rows");
            var started = Stopwatch.GetTimestamp();
            fitted[item.Split][item.Policy] = PolicyFitter.Fit(policy, prepared.Data.Train, seed);
            progress?.Invoke($"{name}: trained in {StageReporter.Seconds(Stopwatch.GetElapsedTime(started))}");
        });
        return fitted;
    }

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
