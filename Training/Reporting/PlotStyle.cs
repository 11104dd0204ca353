using Bandit.Training.Modeling;
using ScottPlot;

namespace Bandit.Training.Reporting;

/// <summary>Shared look of the project's PNGs (the Trainer's and the replay's): one color per scorer, DejaVu Sans when the machine has it.</summary>
public static class PlotStyle
{
    public const int Width = 900;
    public const int Height = 600;

    private static readonly Dictionary<string, Color> _colors = new(StringComparer.Ordinal)
    {
        [Policies.Baseline] = Color.FromHex("#7f7f7f"),
        [Policies.PolicyA] = Color.FromHex("#1f77b4"),
        [Policies.PolicyB] = Color.FromHex("#ff7f0e"),
        [Policies.PolicyC] = Color.FromHex("#2ca02c"),
    };

    public static Color ColorOf(string scorer) => _colors.GetValueOrDefault(scorer, Colors.Black);

    public static string LabelOf(string scorer) => scorer switch
    {
        Policies.Baseline => "Popularity baseline",
        Policies.PolicyA => "Policy A (logistic regression)",
        Policies.PolicyB => "Policy B (LightGBM)",
        Policies.PolicyC => "Policy C (field-aware FM)",
        _ => scorer,
    };

    public static Plot New(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    public static void Diagonal(Plot plot)
    {
        var line = plot.Add.Line(0, 0, 1, 1);
        line.LineColor = Colors.Gray.WithAlpha(0.6);
        line.LinePattern = LinePattern.Dashed;
    }

    public static string Save(Plot plot, string folder, string fileName, int width = Width, int height = Height)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, fileName);
        plot.SavePng(path, width, height);
        return path;
    }
}
