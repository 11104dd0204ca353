using Bandit.MovieLens;
using Bandit.MovieLens.Features;
using Bandit.Trainer.Evaluation.Metrics;

namespace Bandit.Trainer.Evaluation;

/// <summary>Computes a <see cref="SplitEvaluation"/>: every metric per scorer, segment AUCs and the paired bootstraps.</summary>
public static class SplitEvaluator
{
    public static SplitEvaluation Evaluate(DataSplit split, ScoredTestSet scored, IReadOnlyDictionary<int, Movie> movies, int bootstrapResamples, int seed)
    {
        var labels = scored.Labels;
        var metrics = new Dictionary<string, MetricSet>(StringComparer.Ordinal);
        foreach (var (name, scores) in scored.Scores)
        {
            metrics[name] = MetricSet.Compute(scores, labels, scored.UserIds);
        }

        var segments = new List<SegmentResult>();
        foreach (var segment in Segments.Build(scored.Rows, split.Train, movies))
        {
            var idx = Enumerable.Range(0, segment.Mask.Length).Where(i => segment.Mask[i]).ToArray();
            var segmentLabels = idx.Select(i => labels[i]).ToArray();
            var auc = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (name, scores) in scored.Scores)
            {
                auc[name] = BinaryMetrics.Auc(idx.Select(i => scores[i]).ToArray(), segmentLabels);
            }

            segments.Add(new SegmentResult(segment.Key, segment.Name, idx.Length, segmentLabels.Count(l => l), auc));
        }

        // Every pair of fitted policies, each resampled with the same seed: the same rows are drawn for every pair.
        var comparisons = PolicyComparison.Pairs
            .Where(p => scored.Scores.ContainsKey(p.First) && scored.Scores.ContainsKey(p.Second))
            .Select(p => new PolicyComparison(p.First, p.Second,
                PairedBootstrap.AucDifference(labels, scored.Scores[p.First], scored.Scores[p.Second], bootstrapResamples, seed)))
            .ToList();
        return new SplitEvaluation(split.Kind, split.Train.Count, split.Test.Count, split.TestColdStartUserShare(), scored, metrics, segments, comparisons);
    }
}
