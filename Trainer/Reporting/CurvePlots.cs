using System.Globalization;
using Bandit.MovieLens.Features;
using Bandit.Trainer.Evaluation;
using Bandit.Trainer.Evaluation.Metrics;
using PlotStyle = Bandit.Training.Reporting.PlotStyle;
using ScottPlot;

namespace Bandit.Trainer.Reporting;

/// <summary>ROC, precision-recall and calibration (reliability) plots of one split, all scorers on one chart.</summary>
public static class CurvePlots
{
    public static string Roc(SplitEvaluation evaluation, string folder)
    {
        var plot = PlotStyle.New($"ROC ({evaluation.Split.CliName()} test set)", "False positive rate", "True positive rate");
        PlotStyle.Diagonal(plot);
        foreach (var (scorer, scores) in evaluation.Scored.Scores)
        {
            var (fpr, tpr) = Curves.Roc(scores, evaluation.Scored.Labels);
            var line = plot.Add.ScatterLine(fpr, tpr, PlotStyle.ColorOf(scorer));
            line.LineWidth = 2;
            line.LegendText = $"{PlotStyle.LabelOf(scorer)}, AUC {Format(evaluation.Metrics[scorer].Auc)}";
        }

        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(Alignment.LowerRight);
        return PlotStyle.Save(plot, folder, "roc.png");
    }

    public static string PrecisionRecall(SplitEvaluation evaluation, string folder)
    {
        var plot = PlotStyle.New($"Precision-recall ({evaluation.Split.CliName()} test set)", "Recall", "Precision");
        var baseRate = evaluation.Scored.Labels.Count(l => l) / (double)Math.Max(1, evaluation.Scored.Labels.Length);
        var floor = plot.Add.HorizontalLine(baseRate);
        floor.LineColor = Colors.Gray.WithAlpha(0.6);
        floor.LinePattern = LinePattern.Dashed;
        foreach (var (scorer, scores) in evaluation.Scored.Scores)
        {
            var (recall, precision) = Curves.PrecisionRecall(scores, evaluation.Scored.Labels);
            var line = plot.Add.ScatterLine(recall, precision, PlotStyle.ColorOf(scorer));
            line.LineWidth = 2;
            line.LegendText = $"{PlotStyle.LabelOf(scorer)}, AP {Format(evaluation.Metrics[scorer].PrAuc)}";
        }

        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(Alignment.UpperRight);
        return PlotStyle.Save(plot, folder, "pr.png");
    }

    public static string Calibration(SplitEvaluation evaluation, string folder)
    {
        var plot = PlotStyle.New($"Calibration, 10 equal-width bins ({evaluation.Split.CliName()})", "Mean predicted click probability", "Observed click rate");
        PlotStyle.Diagonal(plot);
        foreach (var (scorer, metrics) in evaluation.Metrics)
        {
            var bins = metrics.Calibration.Bins.Where(b => b.Count > 0).ToArray();
            var line = plot.Add.Scatter(bins.Select(b => b.MeanPredicted).ToArray(), bins.Select(b => b.ObservedRate).ToArray(), PlotStyle.ColorOf(scorer));
            line.LineWidth = 2;
            line.MarkerSize = 8;
            line.LegendText = $"{PlotStyle.LabelOf(scorer)}, ECE {Format(metrics.Ece)}";
        }

        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(Alignment.UpperLeft);
        return PlotStyle.Save(plot, folder, "calibration.png");
    }

    internal static string Format(double value) =>
        double.IsFinite(value) ? value.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
}
