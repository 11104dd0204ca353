using Bandit.MovieLens.Features;
using Bandit.Trainer.Evaluation.Metrics;

namespace Bandit.Trainer.Evaluation;

/// <summary>One segment's size and each scorer's AUC on it (NaN when the segment lacks a class).</summary>
public sealed record SegmentResult(string Key, string Name, int Rows, int Positives, IReadOnlyDictionary<string, double> Auc);

/// <summary>The offline A/B comparison on one split's test set.</summary>
public sealed record SplitEvaluation(
    SplitKind Split,
    int TrainRows,
    int TestRows,
    double ColdStartUserShare,
    ScoredTestSet Scored,
    IReadOnlyDictionary<string, MetricSet> Metrics,
    IReadOnlyList<SegmentResult> Segments,
    AucDifference Difference)
{
    /// <summary>The split's prefix in MLflow metric keys: <c>user_time</c>, <c>global_time</c>.</summary>
    public string Prefix => MetricPrefix(Split);

    public string Verdict => Evaluation.Metrics.Verdict.Line(Difference);

    public static string MetricPrefix(SplitKind split) => split.CliName().Replace('-', '_');
}
