using System.Globalization;
using System.Net;
using System.Text;

namespace Bandit.Ui.Charts;

/// <summary>A tiny SVG writer: invariant numbers, encoded text. Charts are drawn on the server, no script.</summary>
internal sealed class Svg
{
    private readonly StringBuilder _text = new();

    public Svg(double width, double height, string label)
    {
        _text.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"chart\" viewBox=\"0 0 {N(width)} {N(height)}\" role=\"img\" aria-label=\"{Encode(label)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        _text.Append("<title>").Append(Encode(label)).Append("</title>");
    }

    public Svg Line(double x1, double y1, double x2, double y2, string cssClass) =>
        Raw($"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" class=\"{cssClass}\"/>");

    public Svg Dashed(double x1, double y1, double x2, double y2, string color) =>
        Raw($"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"{color}\" stroke-dasharray=\"4 3\" stroke-width=\"1\"/>");

    public Svg Rect(double x, double y, double width, double height, string color, string? title = null) =>
        Raw($"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(Math.Max(0, width))}\" height=\"{N(Math.Max(0, height))}\" fill=\"{color}\">"
            + (title is null ? "" : $"<title>{Encode(title)}</title>") + "</rect>");

    public Svg Text(double x, double y, string text, string cssClass, string anchor = "start", bool vertical = false) =>
        Raw($"<text x=\"{N(x)}\" y=\"{N(y)}\" class=\"{cssClass}\" text-anchor=\"{anchor}\"{(vertical ? $" transform=\"rotate(-90 {N(x)} {N(y)})\"" : "")}>{Encode(text)}</text>");

    /// <summary>A polyline through <paramref name="points"/>; <paramref name="fill"/> closes it down to <paramref name="baseline"/>.</summary>
    public Svg Path(IReadOnlyList<(double X, double Y)> points, string color, double? baseline = null, string? title = null)
    {
        if (points.Count == 0)
        {
            return this;
        }

        var d = new StringBuilder();
        for (var i = 0; i < points.Count; i++)
        {
            d.Append(i == 0 ? 'M' : 'L').Append(N(points[i].X)).Append(',').Append(N(points[i].Y)).Append(' ');
        }

        if (baseline is { } b)
        {
            Raw($"<path d=\"{d}L{N(points[^1].X)},{N(b)} L{N(points[0].X)},{N(b)} Z\" fill=\"{color}\" fill-opacity=\"0.15\" stroke=\"none\"/>");
        }

        var tooltip = title is null ? "" : $"<title>{Encode(title)}</title>";
        return Raw($"<path d=\"{d.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" stroke-linejoin=\"round\">{tooltip}</path>");
    }

    /// <summary>A filled shape through <paramref name="points"/> (an interval band).</summary>
    public Svg Polygon(IReadOnlyList<(double X, double Y)> points, string color, double opacity) =>
        Raw($"<polygon points=\"{string.Join(" ", points.Select(p => N(p.X) + "," + N(p.Y)))}\" fill=\"{color}\" fill-opacity=\"{N(opacity)}\" stroke=\"none\"/>");

    public Svg Circle(double x, double y, double r, string color, string? title = null) =>
        Raw($"<circle cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"{N(r)}\" fill=\"{color}\">" + (title is null ? "" : $"<title>{Encode(title)}</title>") + "</circle>");

    public Svg Raw(string markup)
    {
        _text.Append(markup);
        return this;
    }

    public Microsoft.AspNetCore.Html.HtmlString Done() => new(_text.Append("</svg>").ToString());

    public static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    public static string Encode(string text) => WebUtility.HtmlEncode(text);
}

/// <summary>The colour of each arm, by its position in <c>/stats</c>, the same on every chart.</summary>
public static class ArmColors
{
    private static readonly string[] _palette = ["#2563eb", "#ea580c", "#16a34a", "#9333ea", "#db2777", "#0891b2", "#ca8a04", "#4b5563"];

    public static string For(int index) => _palette[((index % _palette.Length) + _palette.Length) % _palette.Length];
}

/// <summary>Nice round tick values for an axis.</summary>
internal static class Ticks
{
    public static IReadOnlyList<double> For(double min, double max, int target = 5)
    {
        if (!(max > min))
        {
            return [min];
        }

        var raw = (max - min) / target;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        var ticks = new List<double>();
        for (var t = Math.Ceiling(min / step) * step; t <= max + step * 1e-9; t += step)
        {
            ticks.Add(Math.Round(t, 10));
        }

        return ticks;
    }
}
