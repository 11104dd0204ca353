using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Bandit.Ui.Charts;

/// <summary>The HTML legend of a chart: each line's colour, name and latest value with its interval; what the shading means.</summary>
public static class ChartLegend
{
    public static HtmlString Render(IReadOnlyList<TimeSeries> series, bool percent, string shading)
    {
        var html = new StringBuilder("<ul class=\"legend\">");
        foreach (var s in series)
        {
            var last = s.Points.LastOrDefault(p => p.Value is not null);
            var value = last is null ? "no data yet"
                : LineChart.Format(last.Value!.Value, percent) + (last.Lower is { } lo && last.Upper is { } hi ? $" [{LineChart.Format(lo, percent)}, {LineChart.Format(hi, percent)}]" : "");
            html.Append($"<li><span class=\"swatch\" style=\"background:{s.Color}\"></span>{Encode(s.Name)} <span class=\"muted\">{Encode(value)}</span></li>");
        }

        html.Append($"<li class=\"muted\"><span class=\"swatch band\"></span>{Encode(shading)}</li></ul>");
        return new HtmlString(html.ToString());
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
