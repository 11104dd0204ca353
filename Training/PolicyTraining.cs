using System.Diagnostics;
using System.Globalization;
using Bandit.MovieLens;
using Bandit.MovieLens.Features;
using Bandit.Training.Modeling;

namespace Bandit.Training;

/// <summary>A split and its leakage-free examples: out-of-fold training rows, test rows featurized with the
/// training window's <see cref="FeatureState"/> (the state that ships with the model).</summary>
public sealed record PreparedSplit(DataSplit Split, CtrDataSet Data);

/// <summary>
/// The policies' fitting as the Trainer does it and the Replay repeats it: split and featurize, then fit. Each is a
/// pure function of its inputs and the seed.
/// </summary>
public static class PolicyTraining
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
            progress?.Invoke($"{name}: trained in {Seconds(Stopwatch.GetElapsedTime(started))}");
        });
        return fitted;
    }

    /// <summary>As the Trainer's stage lines print a duration.</summary>
    public static string Seconds(TimeSpan elapsed) =>
        elapsed.TotalSeconds.ToString(elapsed.TotalSeconds < 10 ? "0.0#" : "0.0", CultureInfo.InvariantCulture) + " s";
}
