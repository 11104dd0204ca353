using Bandit.Mlflow;

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

/// <summary>One user segment's AUC for A and B on each split (<c>&lt;split&gt;.seg.&lt;segment&gt;.auc</c>), splits in <see cref="SegmentTable.Splits"/> order.</summary>
public sealed record SegmentRow(string Segment, IReadOnlyList<MetricRow?> BySplit);

/// <summary>The segment AUCs pivoted: one row per segment, one column group per split.</summary>
public sealed record SegmentTable(IReadOnlyList<string> Splits, IReadOnlyList<SegmentRow> Rows);

/// <summary>One scorer's cross-validated AUC: mean and standard deviation over the folds.</summary>
public sealed record CvRow(string Scorer, double? Mean, double? Std);

/// <summary>The paired-bootstrap AUC difference (B − A) on one split, with its 95% interval.</summary>
public sealed record BootstrapRow(string Split, double Delta, double? Lower, double? Upper);

/// <summary>Everything the Report page shows, with notes on what is not available yet.</summary>
public sealed record OfflineReport(
    PolicyRun? A,
    PolicyRun? B,
    IReadOnlyList<MetricRow> Headline,
    SegmentTable Segments,
    IReadOnlyList<CvRow> CrossValidation,
    IReadOnlyList<BootstrapRow> Bootstrap,
    IReadOnlyList<MetricRow> Other,
    Run? Comparison,
    IReadOnlyList<Metric> ComparisonMetrics,
    IReadOnlyList<ReportPlot> Plots,
    string? Verdict,
    string? ReportText,
    IReadOnlyList<string> Notes);

/// <summary>The plots the Trainer writes (Trainer/README.md), with their captions.</summary>
public static class ReportPlots
{
    public static IReadOnlyList<(string FileName, string Caption)> Expected { get; } =
    [
        ("roc.png", "ROC curves"),
        ("pr.png", "Precision–recall curves"),
        ("calibration.png", "Calibration (reliability)"),
        ("lift.png", "Lift by score decile"),
        ("segments_auc.png", "AUC by segment"),
        ("cv_auc_box.png", "Cross-validation AUC spread"),
    ];

    /// <summary>The file of the written report, with its verdict line.</summary>
    public const string ReportFile = "report.md";
}

/// <summary>A table of A-vs-B metric rows on the Report page.</summary>
public sealed record MetricTable(string Id, IReadOnlyList<MetricRow> Rows);
