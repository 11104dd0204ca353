using System.Globalization;
using System.Text.RegularExpressions;
using Bandit.Mlflow;

namespace Bandit.Ui.Registry;

/// <summary>
/// Sorts the Trainer's metric keys (Trainer/README.md) into the Report page's tables: headline metrics of the
/// registered split (<c>auc</c>, ...), segment AUCs (<c>&lt;split&gt;.seg.&lt;segment&gt;.auc</c>), cross-validation
/// (<c>cv.&lt;scorer&gt;.auc_mean</c>/<c>_std</c> on the comparison run, else <c>cv_auc_mean</c>/<c>cv_auc_std</c> per
/// policy), the bootstrap ΔAUC per split (<c>&lt;split&gt;.delta_auc[_lower|_upper]</c>), and the rest.
/// </summary>
internal static partial class ReportTables
{
    public sealed record Tables(
        IReadOnlyList<MetricRow> Headline, SegmentTable Segments, IReadOnlyList<CvRow> Cv,
        IReadOnlyList<BootstrapRow> Bootstrap, IReadOnlyList<MetricRow> Other, IReadOnlyList<Metric> ComparisonRest);

    /// <summary><c>PolicyA</c> → <c>policy_a</c>, as the Trainer names scorers in metric and tag keys.</summary>
    public static string ScorerKey(string policy) =>
        CamelBreak().Replace(policy, "_").ToLowerInvariant();

    public static Tables Build(IReadOnlyList<Metric> a, IReadOnlyList<Metric> b, IReadOnlyList<Metric> comparison, string? registeredSplit = null)
    {
        var headline = MetricNames.Headline
            .Select(n => (A: MetricNames.Find(a, n), B: MetricNames.Find(b, n)))
            .Where(r => r.A is not null || r.B is not null)
            .Select(r => new MetricRow(r.A?.Key ?? r.B!.Key, r.A?.Value, r.B?.Value))
            .ToList();
        var rest = a.Select(m => m.Key).Union(b.Select(m => m.Key))
            .Where(k => headline.All(h => h.Key != k))
            .Order(StringComparer.Ordinal)
            .Select(k => new MetricRow(k, a.FirstOrDefault(m => m.Key == k)?.Value, b.FirstOrDefault(m => m.Key == k)?.Value))
            .ToList();
        var segmentRows = rest.Where(r => SegmentKey().IsMatch(r.Key)).ToList();
        var other = rest.Except(segmentRows).ToList();
        var segments = Pivot(segmentRows, registeredSplit);

        var cv = comparison.Select(m => CvKey().Match(m.Key)).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct()
            .Select(s => new CvRow(s, Value(comparison, $"cv.{s}.auc_mean"), Value(comparison, $"cv.{s}.auc_std")))
            .ToList();
        if (cv.Count == 0 && (Value(a, "cv_auc_mean") is not null || Value(b, "cv_auc_mean") is not null))
        {
            cv = [new CvRow("policy_a", Value(a, "cv_auc_mean"), Value(a, "cv_auc_std")), new CvRow("policy_b", Value(b, "cv_auc_mean"), Value(b, "cv_auc_std"))];
        }

        var bootstrap = comparison.Where(m => m.Key.EndsWith(".delta_auc", StringComparison.Ordinal) || m.Key == "delta_auc")
            .Select(m => (Split: m.Key == "delta_auc" ? "" : m.Key[..^".delta_auc".Length], m.Value))
            .Select(d => new BootstrapRow(d.Split.Length == 0 ? "(all)" : d.Split, d.Value, Value(comparison, Prefix(d.Split) + "delta_auc_lower"), Value(comparison, Prefix(d.Split) + "delta_auc_upper")))
            .OrderBy(r => r.Split, StringComparer.Ordinal)
            .ToList();
        var comparisonRest = comparison.Where(m => !CvKey().IsMatch(m.Key) && !m.Key.Contains("delta_auc", StringComparison.Ordinal)).ToList();
        return new Tables(headline, segments, cv, bootstrap, other, comparisonRest);
    }

    /// <summary>Rows by segment ("all" first, then the rest, genres last), columns by split (the registered one first).</summary>
    private static SegmentTable Pivot(IReadOnlyList<MetricRow> rows, string? registeredSplit)
    {
        var parsed = rows.Select(r => (Match: SegmentKey().Match(r.Key), Row: r)).Select(x => (Split: x.Match.Groups[1].Value, Segment: x.Match.Groups[2].Value, x.Row)).ToList();
        var splits = parsed.Select(p => p.Split).Distinct()
            .OrderBy(s => s == registeredSplit?.Replace('-', '_') ? 0 : 1).ThenByDescending(s => s, StringComparer.Ordinal).ToList();
        var segments = parsed.Select(p => p.Segment).Distinct()
            .OrderBy(s => s == "all" ? 0 : s.StartsWith("genre", StringComparison.Ordinal) ? 2 : 1).ThenBy(s => s, StringComparer.Ordinal);
        return new SegmentTable(splits, [.. segments.Select(segment => new SegmentRow(segment,
            [.. splits.Select(split => parsed.FirstOrDefault(p => p.Split == split && p.Segment == segment).Row)]))]);
    }

    public static string Format(double? value) => value?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "–";

    private static string Prefix(string split) => split.Length == 0 ? "" : split + ".";

    private static double? Value(IReadOnlyList<Metric> metrics, string key) => metrics.FirstOrDefault(m => m.Key == key)?.Value;

    [GeneratedRegex(@"^(.+)\.seg\.(.+)\.auc$")]
    private static partial Regex SegmentKey();

    [GeneratedRegex(@"^cv\.([A-Za-z0-9_]+)\.auc_(mean|std)$")]
    private static partial Regex CvKey();

    [GeneratedRegex("(?<=[a-z])(?=[A-Z])")]
    private static partial Regex CamelBreak();
}
