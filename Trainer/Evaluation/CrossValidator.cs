using Bandit.MovieLens.Features;
using Bandit.Trainer.Evaluation.Metrics;
using Bandit.Training.Modeling;

namespace Bandit.Trainer.Evaluation;

/// <summary>Per-fold AUC of each scorer in a user-grouped k-fold cross-validation.</summary>
public sealed record CrossValidationResult(SplitKind Split, int Folds, IReadOnlyDictionary<string, double[]> FoldAuc)
{
    public MeanStd Summary(string scorer) => MeanStd.Of(FoldAuc[scorer]);
}

/// <summary>
/// k-fold cross-validation on a split's training examples, grouped by user: every user's rows fall in one fold
/// (users are hashed to folds with the seed), so a fold's users are unseen by the models that score them. The
/// examples are the out-of-fold encoded ones the final models are trained on, so no row's own label is in its
/// features. The baseline's score of a row is its out-of-fold item positive rate (<see cref="FeatureSpec.ItemPositiveRate"/>),
/// which excludes the row's own label, unlike the full-window rate.
/// </summary>
public static class CrossValidator
{
    public static CrossValidationResult Run(SplitKind split, IReadOnlyList<IPolicyModel> policies, IReadOnlyList<CtrExample> examples, int folds, int seed,
        Action<string>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var foldOf = examples.Select(e => FoldOfUser(e.UserId, folds, seed)).ToArray();
        var aucs = new Dictionary<string, double[]>(StringComparer.Ordinal) { [Policies.Baseline] = new double[folds] };
        foreach (var policy in policies)
        {
            aucs[policy.Policy] = new double[folds];
        }

        var train = new List<CtrExample>[folds];
        var held = new List<CtrExample>[folds];
        for (var f = 0; f < folds; f++)
        {
            (train[f], held[f]) = ([], []);
        }

        for (var i = 0; i < examples.Count; i++)
        {
            for (var f = 0; f < folds; f++)
            {
                (foldOf[i] == f ? held[f] : train[f]).Add(examples[i]);
            }
        }

        var labels = held.Select(h => h.Select(e => e.Label).ToArray()).ToArray();
        for (var f = 0; f < folds; f++)
        {
            aucs[Policies.Baseline][f] = BinaryMetrics.Auc(held[f].Select(e => e.Features[FeatureSpec.ItemPositiveRate]).ToArray(), labels[f]);
        }

        // Every (fold, policy) fit is independent and seeded: run them on all cores, results stored by index.
        var fits = Enumerable.Range(0, folds).SelectMany(f => policies.Select(p => (Fold: f, Policy: p))).ToArray();
        Parallel.ForEach(fits, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, fit =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var fitted = PolicyFitter.Fit(fit.Policy, train[fit.Fold], seed);
            var auc = BinaryMetrics.Auc(PolicyFitter.Score(fitted, held[fit.Fold]), labels[fit.Fold]);
            aucs[fit.Policy.Policy][fit.Fold] = auc;
            progress?.Invoke(FormattableString.Invariant(
                $"fold {fit.Fold + 1}/{folds} {fit.Policy.Policy}: {train[fit.Fold].Count:N0} train / {held[fit.Fold].Count:N0} held-out rows, AUC {auc:F4} ({System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s)"));
        });

        return new CrossValidationResult(split, folds, aucs);
    }

    /// <summary>The fold of a user: SplitMix64 of (seed, user id) modulo <paramref name="folds"/>, stable across runs.</summary>
    public static int FoldOfUser(int userId, int folds, int seed)
    {
        var z = ((ulong)(uint)seed << 32) | (uint)userId;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) % (ulong)folds);
    }
}
