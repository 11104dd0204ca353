using System.Globalization;
using Bandit.MovieLens.Features;
using Bandit.Trainer.Evaluation;
using PlotStyle = Bandit.Training.Reporting.PlotStyle;
using ScottPlot;

namespace Bandit.Trainer.Reporting;

/// <summary>Lift by decile, AUC by segment (grouped bars) and the cross-validation box plot.</summary>
public static class BarPlots
{
    public static string Lift(SplitEvaluation evaluation, string folder)
    {
        var plot = PlotStyle.New($"Lift by decile ({evaluation.Split.CliName()} test set, ranked by score)", "Decile (1 = highest scores)", "Lift over the overall click rate");
        var scorers = evaluation.Metrics.Keys.ToArray();
        var bars = new List<Bar>();
        for (var s = 0; s < scorers.Length; s++)
        {
            foreach (var decile in evaluation.Metrics[scorers[s]].Lift)
            {
                bars.Add(new Bar
                {
                    Position = decile.Decile + (s - (scorers.Length - 1) / 2.0) * Slot(scorers.Length),
                    Value = double.IsFinite(decile.Lift) ? decile.Lift : 0,
                    Size = Slot(scorers.Length) * 0.92,
                    FillColor = PlotStyle.ColorOf(scorers[s]),
                    LineWidth = 0,
                });
            }
        }

        plot.Add.Bars(bars);
        var one = plot.Add.HorizontalLine(1);
        one.LineColor = Colors.Gray.WithAlpha(0.6);
        one.LinePattern = LinePattern.Dashed;
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(1, 10).Select(d => (double)d)], [.. Enumerable.Range(1, 10).Select(d => d.ToString(CultureInfo.InvariantCulture))]);
        Legend(plot, scorers, Alignment.UpperRight);
        plot.Axes.Margins(bottom: 0);
        return PlotStyle.Save(plot, folder, "lift.png");
    }

    public static string SegmentAuc(SplitEvaluation evaluation, string folder)
    {
        var segments = evaluation.Segments.Where(s => s.Rows > 0).ToArray();
        var scorers = evaluation.Metrics.Keys.ToArray();
        var plot = PlotStyle.New($"AUC by segment ({evaluation.Split.CliName()} test set)", "AUC", "");
        var bars = new List<Bar>();
        for (var i = 0; i < segments.Length; i++)
        {
            var position = segments.Length - i; // first segment on top
            for (var s = 0; s < scorers.Length; s++)
            {
                var auc = segments[i].Auc[scorers[s]];
                bars.Add(new Bar
                {
                    Position = position + ((scorers.Length - 1) / 2.0 - s) * Slot(scorers.Length),
                    Value = double.IsFinite(auc) ? auc : 0,
                    ValueBase = 0.4,
                    Size = Slot(scorers.Length) * 0.92,
                    FillColor = PlotStyle.ColorOf(scorers[s]),
                    LineWidth = 0,
                    Orientation = Orientation.Horizontal,
                });
            }
        }

        plot.Add.Bars(bars);
        plot.Axes.Left.SetTicks([.. segments.Select((_, i) => (double)(segments.Length - i))],
            [.. segments.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name} ({s.Rows:N0})"))]);
        plot.Axes.SetLimitsX(0.4, 1.0);
        foreach (var scorer in scorers)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = PlotStyle.LabelOf(scorer), FillColor = PlotStyle.ColorOf(scorer) });
        }

        plot.ShowLegend(Edge.Bottom);
        return PlotStyle.Save(plot, folder, "segments_auc.png", PlotStyle.Width, Math.Max(PlotStyle.Height, 60 + 34 * segments.Length));
    }

    public static string CrossValidationBox(CrossValidationResult cv, string folder)
    {
        var plot = PlotStyle.New($"{cv.Folds}-fold cross-validation AUC, folds grouped by user ({cv.Split.CliName()} training window)", "", "AUC per fold");
        var scorers = cv.FoldAuc.Keys.ToArray();
        for (var s = 0; s < scorers.Length; s++)
        {
            var values = cv.FoldAuc[scorers[s]].Where(double.IsFinite).Order().ToArray();
            if (values.Length == 0)
            {
                continue;
            }

            var box = plot.Add.Box(new Box
            {
                Position = s + 1,
                BoxMin = Evaluation.Metrics.PairedBootstrap.Quantile(values, 0.25),
                BoxMax = Evaluation.Metrics.PairedBootstrap.Quantile(values, 0.75),
                BoxMiddle = Evaluation.Metrics.PairedBootstrap.Quantile(values, 0.5),
                WhiskerMin = values[0],
                WhiskerMax = values[^1],
                Width = 0.5,
            });
            box.FillColor = PlotStyle.ColorOf(scorers[s]).WithAlpha(0.5);
            var points = plot.Add.ScatterPoints(values.Select(_ => s + 1.0).ToArray(), values, PlotStyle.ColorOf(scorers[s]));
            points.MarkerSize = 7;
        }

        plot.Axes.Bottom.SetTicks([.. scorers.Select((_, s) => s + 1.0)],
            [.. scorers.Select(s => $"{PlotStyle.LabelOf(s)}\n{cv.Summary(s)}")]);
        return PlotStyle.Save(plot, folder, "cv_auc_box.png");
    }

    /// <summary>The spacing of grouped bars: the group fills 80% of a unit step whatever the number of scorers.</summary>
    private static double Slot(int scorers) => 0.8 / Math.Max(1, scorers);

    private static void Legend(Plot plot, IEnumerable<string> scorers, Alignment alignment)
    {
        foreach (var scorer in scorers)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = PlotStyle.LabelOf(scorer), FillColor = PlotStyle.ColorOf(scorer) });
        }

        plot.ShowLegend(alignment);
    }
}
