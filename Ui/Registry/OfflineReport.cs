using Bandit.Mlflow;
using Microsoft.AspNetCore.Html;

namespace Bandit.Ui.Registry;

/// <summary>A policy behind an alias: which version, and the run that trained and evaluated it.</summary>
public sealed record PolicyRun(string Alias, string Version, Run? Run);

/// <summary>One metric of Policy A against Policy B; <see cref="BetterSide"/> is +1 when B is better, −1 when A is.</summary>
public sealed record MetricRow(string Key, double? A, double? B)
{
    public double? Delta => A is { } a && B is { } b ? b - a : null;

    public int BetterSide => MetricNames.Compare(Key, A, B);
}

/// <summary>A plot the Trainer logs to the comparison run; <see cref="Path"/> is null when it is not there.</summary>
public sealed record ReportPlot(string FileName, string Caption, string? Path);

/// <summary>
/// One segment's line in the segments table: its rows and click rate (from <c>report.md</c>, when it has them), each
/// scorer's AUC, B − A, whether it is too small to read (<see cref="Small"/>) and which side is clearly better.
/// </summary>
public sealed record SegmentLine(string Name, int? Rows, double? ClickRate, IReadOnlyList<double?> Auc, double? Delta, bool Small, int BetterSide);

/// <summary>The segments of one split: the scorers (baseline first when there is one) and a line per segment.</summary>
public sealed record SegmentView(IReadOnlyList<string> Scorers, IReadOnlyList<SegmentLine> Rows, bool HasRowCounts);

/// <summary>One scorer's cross-validated AUC: mean and standard deviation over the folds.</summary>
public sealed record CvRow(string Scorer, double? Mean, double? Std);

/// <summary>The paired-bootstrap AUC difference (B − A) on one split, with its 95% interval.</summary>
public sealed record BootstrapRow(string Split, double Delta, double? Lower, double? Upper);

/// <summary>Everything the report shows for one evaluation split (<c>user-time</c> or <c>global-time</c>).</summary>
public sealed record SplitView(string Name, IReadOnlyList<MetricRow> Headline, SegmentView Segments, BootstrapRow? Bootstrap, IReadOnlyList<ReportPlot> Plots);

/// <summary>
/// Everything the Report page shows. <see cref="A"/> and <see cref="B"/> are the versions the aliases point at now;
/// <see cref="Comparison"/> is the Trainer's comparison run of exactly those versions when there is one
/// (<see cref="ComparisonIsLive"/>), else the newest one, whose versions <see cref="ComparedVersions"/> names.
/// </summary>
public sealed record OfflineReport(
    PolicyRun? A,
    PolicyRun? B,
    IReadOnlyList<SplitView> Splits,
    string? RegisteredSplit,
    IReadOnlyList<CvRow> CrossValidation,
    IReadOnlyList<MetricRow> Other,
    Run? Comparison,
    bool ComparisonIsLive,
    (string? A, string? B) ComparedVersions,
    IReadOnlyList<Metric> ComparisonMetrics,
    IReadOnlyList<ReportPlot> GlobalPlots,
    string? Verdict,
    HtmlString? ReportHtml,
    IReadOnlyList<string> Notes)
{
    /// <summary>The split asked for, else the one the verdict is on, else the first.</summary>
    public SplitView? Split(string? name) =>
        Splits.FirstOrDefault(s => s.Name == name) ?? Splits.FirstOrDefault(s => s.Name == RegisteredSplit) ?? Splits.FirstOrDefault();
}

/// <summary>The plots the Trainer writes (Trainer/README.md): per split under <c>plots/&lt;split&gt;/</c>, and the CV box plot.</summary>
public static class ReportPlots
{
    public static IReadOnlyList<(string FileName, string Caption)> PerSplit { get; } =
    [
        ("roc.png", "ROC curves"),
        ("pr.png", "Precision–recall curves"),
        ("calibration.png", "Calibration (reliability)"),
        ("lift.png", "Lift by score decile"),
        ("segments_auc.png", "AUC by segment"),
    ];

    public static IReadOnlyList<(string FileName, string Caption)> Global { get; } = [("cv_auc_box.png", "Cross-validation AUC spread")];

    /// <summary>The file of the written report, with its verdict line.</summary>
    public const string ReportFile = "report.md";
}

/// <summary>A table of A-vs-B metric rows on the Report page.</summary>
public sealed record MetricTable(string Id, IReadOnlyList<MetricRow> Rows);
