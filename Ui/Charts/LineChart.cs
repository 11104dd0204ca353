using System.Globalization;
using Microsoft.AspNetCore.Html;

namespace Bandit.Ui.Charts;

/// <summary>One line of a chart over time.</summary>
public sealed record TimeSeries(string Name, string Color, IReadOnlyList<(DateTimeOffset At, double Value)> Points);

/// <summary>Lines over time (traffic share, CTR), with a time axis in UTC and a value axis from 0.</summary>
public static class LineChart
{
    private const double Width = 640, Height = 220, Left = 52, Right = 16, Top = 14, Bottom = 30;

    /// <param name="percent">Show the values as percentages (0.25 → 25%).</param>
    /// <param name="yMax">The top of the value axis; null = the data's maximum, padded.</param>
    public static HtmlString Render(string label, IReadOnlyList<TimeSeries> series, bool percent, double? yMax = null)
    {
        var svg = new Svg(Width, Height, label);
        var all = series.SelectMany(s => s.Points).ToList();
        if (all.Count < 2)
        {
            return svg.Text(Width / 2, Height / 2, "collecting samples… (one every few seconds)", "muted", "middle").Done();
        }

        var t0 = all.Min(p => p.At);
        var t1 = all.Max(p => p.At);
        var span = Math.Max((t1 - t0).TotalSeconds, 1);
        var top = yMax ?? Math.Max(all.Max(p => p.Value) * 1.15, 1e-3);
        double X(DateTimeOffset t) => Left + (t - t0).TotalSeconds / span * (Width - Left - Right);
        double Y(double v) => Top + (1 - Math.Clamp(v / top, 0, 1)) * (Height - Top - Bottom);

        foreach (var tick in Ticks.For(0, top, 4))
        {
            svg.Line(Left, Y(tick), Width - Right, Y(tick), "grid");
            svg.Text(Left - 6, Y(tick) + 4, percent ? tick.ToString("0.#%", CultureInfo.InvariantCulture) : tick.ToString("0.###", CultureInfo.InvariantCulture), "axis", "end");
        }

        foreach (var fraction in new[] { 0.0, 0.5, 1.0 })
        {
            var t = t0.AddSeconds(span * fraction);
            svg.Text(X(t), Height - 10, t.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                "axis", fraction switch { 0 => "start", 1 => "end", _ => "middle" });
        }

        svg.Line(Left, Height - Bottom, Width - Right, Height - Bottom, "axis-line");
        foreach (var s in series)
        {
            var points = s.Points.OrderBy(p => p.At).Select(p => (X(p.At), Y(p.Value))).ToList();
            var last = s.Points.Count > 0 ? s.Points.MaxBy(p => p.At).Value : double.NaN;
            var title = $"{s.Name}: {(percent ? last.ToString("0.0%", CultureInfo.InvariantCulture) : last.ToString("0.####", CultureInfo.InvariantCulture))} now";
            svg.Path(points, s.Color, title: title);
            if (points.Count > 0)
            {
                svg.Circle(points[^1].Item1, points[^1].Item2, 3, s.Color, title);
            }
        }

        return svg.Done();
    }
}
