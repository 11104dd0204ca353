using System.Globalization;
using System.Text.RegularExpressions;
using Bandit.Contracts;
using Bandit.Mlflow;

namespace Bandit.Ui.Registry;

/// <summary>
/// The split-independent tables of the Report page from the Trainer's metric keys (Trainer/README.md):
/// cross-validation (<c>cv.&lt;scorer&gt;.auc_mean</c>/<c>_std</c> on the comparison run, else <c>cv_auc_mean</c>/<c>cv_auc_std</c>
/// per policy), every other policy metric, and the comparison run's remaining metrics. The per-split parts are
/// <see cref="ReportSplits"/>'.
/// </summary>
internal static partial class ReportTables
{
    /// <summary><c>PolicyA</c> → <c>policy_a</c>, as the Trainer names scorers in metric and tag keys.</summary>
    public static string ScorerKey(string policy) =>
        CamelBreak().Replace(policy, "_").ToLowerInvariant();

    public static IReadOnlyList<CvRow> CrossValidation(IReadOnlyList<Metric> a, IReadOnlyList<Metric> b, IReadOnlyList<Metric> comparison)
    {
        var cv = comparison.Select(m => CvKey().Match(m.Key)).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct()
            .Select(s => new CvRow(s, Value(comparison, $"cv.{s}.auc_mean"), Value(comparison, $"cv.{s}.auc_std")))
            .ToList();
        if (cv.Count == 0 && (Value(a, OfflineMetrics.CvAucMean) is not null || Value(b, OfflineMetrics.CvAucMean) is not null))
        {
            cv = [new CvRow("policy_a", Value(a, OfflineMetrics.CvAucMean), Value(a, OfflineMetrics.CvAucStd)), new CvRow("policy_b", Value(b, OfflineMetrics.CvAucMean), Value(b, OfflineMetrics.CvAucStd))];
        }

        return cv;
    }

    /// <summary>The policy metrics no other table shows (not headline, per split or per segment).</summary>
    public static IReadOnlyList<MetricRow> Other(IReadOnlyList<Metric> a, IReadOnlyList<Metric> b) =>
        [.. a.Select(m => m.Key).Union(b.Select(m => m.Key))
            .Where(k => !MetricNames.Headline.Contains(k) && !SplitKey().IsMatch(k))
            .Order(StringComparer.Ordinal)
            .Select(k => new MetricRow(k, a.FirstOrDefault(m => m.Key == k)?.Value, b.FirstOrDefault(m => m.Key == k)?.Value))];

    /// <summary>The comparison run's metrics that are not CV or bootstrap (those have their tables).</summary>
    public static IReadOnlyList<Metric> ComparisonRest(IReadOnlyList<Metric> comparison) =>
        [.. comparison.Where(m => !CvKey().IsMatch(m.Key) && !m.Key.Contains("delta_auc", StringComparison.Ordinal))];

    public static string Format(double? value) => value?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "–";

    private static double? Value(IReadOnlyList<Metric> metrics, string key) => metrics.FirstOrDefault(m => m.Key == key)?.Value;

    [GeneratedRegex(@"^cv\.([A-Za-z0-9_]+)\.auc_(mean|std)$")]
    private static partial Regex CvKey();

    [GeneratedRegex(@"^[a-z]+_time\.")]
    private static partial Regex SplitKey();

    [GeneratedRegex("(?<=[a-z])(?=[A-Z])")]
    private static partial Regex CamelBreak();
}
