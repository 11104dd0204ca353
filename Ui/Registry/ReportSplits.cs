using Bandit.Mlflow;

namespace Bandit.Ui.Registry;

/// <summary>
/// Builds the per-split parts of the report (headline metrics, segments, bootstrap, plots) from the live policy runs'
/// metrics, the comparison run's metrics and files, and the segment tables of its <c>report.md</c>. A split is named as
/// the Trainer's CLI does (<c>user-time</c>); its metric prefix uses underscores (<c>user_time</c>).
/// </summary>
internal static class ReportSplits
{
    /// <summary>
    /// An AUC whose Hanley–McNeil standard error exceeds this is too uncertain to read a winner from (it is ±0.04 at 95%):
    /// at an AUC of 0.7 and a click rate near 60% that is a segment of fewer than about 650 rows.
    /// </summary>
    public const double MaxStandardError = 0.02;

    public static IReadOnlyList<SplitView> Build(
        IReadOnlyList<Metric> a, IReadOnlyList<Metric> b, IReadOnlyList<Metric> comparison, IReadOnlyList<string> files,
        IReadOnlyDictionary<string, (IReadOnlyList<string> Scorers, IReadOnlyList<SegmentFacts> Rows)> segments,
        string? registered, string aliasA, string aliasB)
    {
        var names = comparison.Select(m => m.Key).Concat(a.Select(m => m.Key)).Concat(b.Select(m => m.Key))
            .Select(k => k.Split('.')).Where(p => p.Length >= 2 && p[0].Contains('_', StringComparison.Ordinal) && p[0].EndsWith("_time", StringComparison.Ordinal))
            .Select(p => p[0].Replace('_', '-')).Concat(segments.Keys).Distinct(StringComparer.Ordinal)
            .OrderBy(s => s == registered ? 0 : 1).ThenByDescending(s => s, StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            names.Add(registered ?? "test");
        }

        return [.. names.Select(name =>
        {
            var prefix = name.Replace('-', '_') + ".";
            var headline = MetricNames.Headline.Where(n => !n.StartsWith("cv_", StringComparison.Ordinal))
                .Select(n => new MetricRow(n, Value(a, prefix + n) ?? (name == registered || names.Count == 1 ? Value(a, n) : null),
                    Value(b, prefix + n) ?? (name == registered || names.Count == 1 ? Value(b, n) : null)))
                .Where(r => r.A is not null || r.B is not null).ToList();
            var bootstrap = Value(comparison, prefix + "delta_auc") is { } delta
                ? new BootstrapRow(name, delta, Value(comparison, prefix + "delta_auc_lower"), Value(comparison, prefix + "delta_auc_upper")) : null;
            var view = segments.TryGetValue(name, out var table) ? FromReport(table.Scorers, table.Rows, aliasA, aliasB) : FromMetrics(a, b, prefix);
            return new SplitView(name, headline, view, bootstrap, Plots(files, name, name == registered || names.Count == 1));
        })];
    }

    /// <summary>The split's plots under <c>plots/&lt;split&gt;/</c> (flat <c>plots/&lt;file&gt;</c> counts for the registered split).</summary>
    private static IReadOnlyList<ReportPlot> Plots(IReadOnlyList<string> files, string split, bool registered) =>
        [.. ReportPlots.PerSplit.Select(p => new ReportPlot(p.FileName, p.Caption,
            files.FirstOrDefault(f => f == $"plots/{split}/{p.FileName}") ?? (registered ? files.FirstOrDefault(f => f == $"plots/{p.FileName}") : null)))];

    private static SegmentView FromReport(IReadOnlyList<string> scorers, IReadOnlyList<SegmentFacts> rows, string aliasA, string aliasB)
    {
        var ia = Index(scorers, aliasA);
        var ib = Index(scorers, aliasB);
        return new SegmentView(scorers, [.. rows.Select(r =>
        {
            var auc = scorers.Select(s => r.Auc.GetValueOrDefault(s)).ToList();
            var (va, vb) = (ia >= 0 ? auc[ia] : null, ib >= 0 ? auc[ib] : null);
            var se = new[] { va, vb }.Select(v => StandardError(v, r.Rows, r.ClickRate)).ToList();
            var small = se.Any(s => s is null or > MaxStandardError);
            var delta = va is { } x && vb is { } y ? y - x : (double?)null;
            var clear = !small && delta is { } d && Math.Abs(d) > 1.96 * Math.Sqrt(se[0]!.Value * se[0]!.Value + se[1]!.Value * se[1]!.Value);
            return new SegmentLine(r.Name, r.Rows, r.ClickRate, auc, delta, small, clear ? Math.Sign(delta!.Value) : 0);
        })], true);
    }

    private static SegmentView FromMetrics(IReadOnlyList<Metric> a, IReadOnlyList<Metric> b, string prefix)
    {
        var segments = a.Concat(b).Select(m => m.Key).Where(k => k.StartsWith(prefix + "seg.", StringComparison.Ordinal) && k.EndsWith(".auc", StringComparison.Ordinal))
            .Select(k => k[(prefix.Length + 4)..^4]).Distinct(StringComparer.Ordinal)
            .OrderBy(s => s == "all" ? 0 : s.StartsWith("genre", StringComparison.Ordinal) ? 2 : 1).ThenBy(s => s, StringComparer.Ordinal);
        return new SegmentView(["A", "B"], [.. segments.Select(s =>
        {
            var (va, vb) = (Value(a, $"{prefix}seg.{s}.auc"), Value(b, $"{prefix}seg.{s}.auc"));
            // Without row counts there is no telling a large segment from a tiny one: no side is called better.
            return new SegmentLine(s.Replace('_', ' '), null, null, [va, vb], va is { } x && vb is { } y ? y - x : null, false, 0);
        })], false);
    }

    /// <summary>
    /// Hanley &amp; McNeil (1982): SE² = [A(1−A) + (n₁−1)(Q₁−A²) + (n₂−1)(Q₂−A²)] / (n₁n₂), Q₁ = A/(2−A), Q₂ = 2A²/(1+A),
    /// with n₁ clicks and n₂ non-clicks. Null when the rows or the click rate are unknown.
    /// </summary>
    internal static double? StandardError(double? auc, int? rows, double? clickRate)
    {
        if (auc is not { } area || rows is not { } n || clickRate is not { } rate)
        {
            return null;
        }

        var positives = Math.Round(n * rate);
        var negatives = n - positives;
        if (positives < 1 || negatives < 1)
        {
            return double.PositiveInfinity;
        }

        var q1 = area / (2 - area);
        var q2 = 2 * area * area / (1 + area);
        var variance = (area * (1 - area) + (positives - 1) * (q1 - area * area) + (negatives - 1) * (q2 - area * area)) / (positives * negatives);
        return Math.Sqrt(Math.Max(variance, 0));
    }

    private static int Index(IReadOnlyList<string> scorers, string alias)
    {
        var key = alias.Replace("_", "", StringComparison.Ordinal);
        for (var i = 0; i < scorers.Count; i++)
        {
            if (scorers[i].Replace("_", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static double? Value(IReadOnlyList<Metric> metrics, string key) => metrics.FirstOrDefault(m => m.Key == key)?.Value;
}

/// <summary>Figures of <see cref="ReportSplits"/> the page quotes.</summary>
public static class ReportSplitsInfo
{
    public static string MaxStandardError => ReportSplits.MaxStandardError.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
