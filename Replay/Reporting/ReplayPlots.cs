using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Replay.Evaluation;
using Bandit.Replay.Simulation;
using PlotStyle = Bandit.Training.Reporting.PlotStyle;
using ScottPlot;

namespace Bandit.Replay.Reporting;

/// <summary>The PNGs: regret over time (mean and 10th–90th percentile band per strategy), traffic share of the best arm
/// (rolling window, mean per strategy), and Thompson's regret beside the Lai–Robbins curve on synthetic arms.</summary>
public static class ReplayPlots
{
    private const int Points = 400;

    private static readonly Dictionary<string, Color> _colors = new(StringComparer.Ordinal)
    {
        [StrategyNames.Hash] = Color.FromHex("#7f7f7f"),
        [StrategyNames.Thompson] = Color.FromHex("#1f77b4"),
        [StrategyNames.Ucb1] = Color.FromHex("#2ca02c"),
        [StrategyNames.EpsilonGreedy] = Color.FromHex("#ff7f0e"),
        [StrategyNames.DiscountedThompson] = Color.FromHex("#9467bd"),
        [StrategyNames.LinearThompson] = Color.FromHex("#d62728"),
    };

    public static string Regret(Comparison comparison, string folder, string slug)
    {
        var plot = PlotStyle.New($"Cumulative regret vs best fixed arm ({comparison.Environment.Name}, {Seeds(comparison)} seeds)", "Decisions", "Regret (clicks lost)");
        foreach (var s in comparison.Strategies)
        {
            Band(plot, s.Band(r => r.CumulativeRegret), ColorOf(s.Strategy), s.Strategy);
        }

        plot.ShowLegend(Alignment.UpperLeft);
        return PlotStyle.Save(plot, folder, $"regret-{slug}.png");
    }

    public static string Share(Comparison comparison, string folder, string slug)
    {
        var plot = PlotStyle.New($"Traffic share of the best arm, last {RunMetrics.DefaultWindow} decisions ({comparison.Environment.Name})", "Decisions", "Share of best arm");
        foreach (var s in comparison.Strategies)
        {
            Band(plot, s.Band(r => r.BestArmShare), ColorOf(s.Strategy), s.Strategy);
        }

        var target = plot.Add.HorizontalLine(RunMetrics.TargetShare);
        target.LineColor = Colors.Gray.WithAlpha(0.6);
        target.LinePattern = LinePattern.Dashed;
        plot.Axes.SetLimitsY(0, 1.02);
        plot.ShowLegend(Alignment.LowerRight);
        return PlotStyle.Save(plot, folder, $"share-{slug}.png");
    }

    public static string ThompsonVsLaiRobbins(Comparison comparison, IReadOnlyList<double> rates, string folder, string slug)
    {
        var plot = PlotStyle.New($"Thompson sampling vs the Lai–Robbins lower bound ({comparison.Environment.Name})", "Decisions", "Regret (expected clicks lost)");
        var thompson = comparison[StrategyNames.Thompson];
        Band(plot, thompson.Band(r => r.CumulativeRegret), ColorOf(StrategyNames.Thompson), "thompson (mean, p10–p90)");
        var xs = Steps(comparison.Environment.Horizon);
        var bound = plot.Add.ScatterLine(xs.Select(x => x + 1.0).ToArray(), xs.Select(x => LaiRobbins.Bound(rates, x + 1)).ToArray(), Colors.Black);
        bound.LinePattern = LinePattern.Dashed;
        bound.LineWidth = 2;
        bound.LegendText = $"Lai–Robbins {LaiRobbins.Constant(rates):0.0} · ln T";
        plot.ShowLegend(Alignment.UpperLeft);
        return PlotStyle.Save(plot, folder, $"thompson-lai-robbins-{slug}.png");
    }

    private static void Band(Plot plot, (double[] Mean, double[] P10, double[] P90) band, Color color, string label)
    {
        var xs = Steps(band.Mean.Length);
        var x = xs.Select(i => i + 1.0).ToArray();
        var fill = plot.Add.FillY(x, [.. xs.Select(i => band.P10[i])], [.. xs.Select(i => band.P90[i])]);
        fill.FillColor = color.WithAlpha(0.18);
        fill.LineWidth = 0;
        var line = plot.Add.ScatterLine(x, [.. xs.Select(i => band.Mean[i])], color);
        line.LineWidth = 2;
        line.LegendText = label;
    }

    /// <summary>About <see cref="Points"/> evenly spaced step indices including the last.</summary>
    private static int[] Steps(int length)
    {
        var stride = Math.Max(1, length / Points);
        return [.. Enumerable.Range(0, length).Where(i => i % stride == 0 || i == length - 1)];
    }

    private static int Seeds(Comparison c) => c.Strategies.Count == 0 ? 0 : c.Strategies[0].Runs.Count;

    private static Color ColorOf(string strategy) => _colors.GetValueOrDefault(strategy, Colors.Black);
}
