using Bandit.MovieLens.Features;
using Bandit.Trainer.Evaluation.Metrics;

namespace Bandit.Trainer.Evaluation;

/// <summary>One segment's size and each scorer's AUC on it (NaN when the segment lacks a class).</summary>
public sealed record SegmentResult(string Key, string Name, int Rows, int Positives, IReadOnlyDictionary<string, double> Auc);

/// <summary>The offline comparison on one split's test set.</summary>
public sealed record SplitEvaluation(
    SplitKind Split,
    int TrainRows,
    int TestRows,
    double ColdStartUserShare,
    ScoredTestSet Scored,
    IReadOnlyDictionary<string, MetricSet> Metrics,
    IReadOnlyList<SegmentResult> Segments,
    IReadOnlyList<PolicyComparison> Comparisons,
    IReadOnlyDictionary<string, TopListResult>? TopLists = null)
{
    /// <summary>AUC(B) − AUC(A), the original A/B comparison (<c>delta_auc</c> in MLflow, the <c>bandit.verdict</c> tag).</summary>
    public AucDifference Difference => Comparisons[0].Difference;

    /// <summary>The split's prefix in MLflow metric keys: <c>user_time</c>, <c>global_time</c>.</summary>
    public string Prefix => MetricPrefix(Split);

    public string Verdict => Comparisons[0].Verdict;

    public static string MetricPrefix(SplitKind split) => split.CliName().Replace('-', '_');
}
