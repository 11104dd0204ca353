using System.Globalization;
using Microsoft.AspNetCore.Html;

namespace Bandit.Ui.Charts;

/// <summary>One point of a line: a value with its 95% interval, or no value (a gap: nothing is known there).</summary>
public sealed record ChartPoint(DateTimeOffset At, double? Value, double? Lower = null, double? Upper = null);

/// <summary>One line of a chart over time.</summary>
public sealed record TimeSeries(string Name, string Color, IReadOnlyList<ChartPoint> Points);

/// <summary>A change drawn as a dashed vertical line with a short label on top (<c>P</c> promotion, <c>S</c> strategy, <c>R</c> reset).</summary>
public sealed record ChartMarker(DateTimeOffset At, string Label, string Title);

/// <summary>
/// Lines over time (traffic share, CTR) with a time axis in UTC and a value axis from 0: each line broken where it has
/// no value (no decisions, no rewards yet, the Router down), its 95% interval shaded, the experiment's changes marked.
/// The legend is HTML beside the chart (<see cref="ChartLegend"/>), readable at any width.
/// </summary>
public static class LineChart
{
    private const double Width = 640, Height = 230, Left = 62, Right = 16, Top = 22, Bottom = 30;

    /// <param name="percent">Show the values as percentages (0.25 → 25%).</param>
    /// <param name="yMax">The top of the value axis; null = the data's maximum (interval included), padded.</param>
    public static HtmlString Render(string label, IReadOnlyList<TimeSeries> series, bool percent, double? yMax = null, IReadOnlyList<ChartMarker>? markers = null)
    {
        var svg = new Svg(Width, Height, label);
        var known = series.SelectMany(s => s.Points).Where(p => p.Value is not null).ToList();
        if (known.Count < 2)
        {
            return svg.Text(Width / 2, Height / 2, "collecting samples… (the Router takes one every few seconds)", "muted", "middle").Done();
        }

        markers ??= [];
        var times = series.SelectMany(s => s.Points).Select(p => p.At).Concat(markers.Select(m => m.At)).ToList();
        var t0 = times.Min();
        var span = Math.Max((times.Max() - t0).TotalSeconds, 1);
        var top = yMax ?? Math.Max(known.Max(p => Math.Max(p.Value!.Value, p.Upper ?? 0)) * 1.1, 1e-3);
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
            svg.Text(X(t), Height - 10, t.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture), "axis", fraction switch { 0 => "start", 1 => "end", _ => "middle" });
        }

        svg.Line(Left, Height - Bottom, Width - Right, Height - Bottom, "axis-line");
        foreach (var m in markers)
        {
            svg.Raw($"<g class=\"marker\"><title>{Svg.Encode(m.Title)}</title>");
            svg.Line(X(m.At), Top - 4, X(m.At), Height - Bottom, "marker-line");
            svg.Text(X(m.At), Top - 8, m.Label, "marker-label", "middle");
            svg.Raw("</g>");
        }

        foreach (var s in series)
        {
            var lastValue = s.Points.LastOrDefault(p => p.Value is not null)?.Value;
            var title = $"{s.Name}: {(lastValue is { } v ? Format(v, percent) : "no data")} now";
            foreach (var run in Runs(s.Points))
            {
                var band = run.Where(p => p.Lower is not null && p.Upper is not null).ToList();
                if (band.Count >= 2)
                {
                    var upper = band.Select(p => (X(p.At), Y(p.Upper!.Value)));
                    var lower = band.AsEnumerable().Reverse().Select(p => (X(p.At), Y(p.Lower!.Value)));
                    svg.Polygon([.. upper.Concat(lower)], s.Color, 0.14);
                }

                var line = run.Select(p => (X(p.At), Y(p.Value!.Value))).ToList();
                if (line.Count == 1)
                {
                    svg.Circle(line[0].Item1, line[0].Item2, 2.5, s.Color, title);
                }
                else
                {
                    svg.Path(line, s.Color, title: title);
                }
            }

            if (s.Points.LastOrDefault(p => p.Value is not null) is { } last)
            {
                svg.Circle(X(last.At), Y(last.Value!.Value), 3.5, s.Color, title);
            }
        }

        return svg.Done();
    }

    /// <summary>The stretches of consecutive points that have a value.</summary>
    internal static IEnumerable<List<ChartPoint>> Runs(IReadOnlyList<ChartPoint> points)
    {
        var run = new List<ChartPoint>();
        foreach (var p in points.OrderBy(p => p.At))
        {
            if (p.Value is null)
            {
                if (run.Count > 0)
                {
                    yield return run;
                    run = [];
                }

                continue;
            }

            run.Add(p);
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }

    internal static string Format(double value, bool percent) =>
        percent ? value.ToString("0.0%", CultureInfo.InvariantCulture) : value.ToString("0.####", CultureInfo.InvariantCulture);
}
