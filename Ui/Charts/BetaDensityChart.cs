using System.Globalization;
using MathNet.Numerics.Distributions;
using Microsoft.AspNetCore.Html;

namespace Bandit.Ui.Charts;

/// <summary>One arm's posterior Beta(α, β).</summary>
public sealed record PosteriorCurve(string Name, string Color, double Alpha, double Beta);

/// <summary>
/// The posterior densities of the arms' click rates on one chart. The x range is zoomed to where the mass is
/// (the 0.05%–99.95% quantiles of all curves, padded), so two posteriors a point apart stay distinguishable.
/// </summary>
public static class BetaDensityChart
{
    private const double Width = 640, Height = 260, Left = 48, Right = 16, Top = 16, Bottom = 36;
    private const int Points = 240;

    public static HtmlString Render(IReadOnlyList<PosteriorCurve> curves)
    {
        var svg = new Svg(Width, Height, "Posterior densities of each arm's click-through rate");
        var valid = curves.Where(c => c.Alpha > 0 && c.Beta > 0 && double.IsFinite(c.Alpha) && double.IsFinite(c.Beta)).ToList();
        if (valid.Count == 0)
        {
            return svg.Text(Width / 2, Height / 2, "no posterior to draw", "muted", "middle").Done();
        }

        var (lo, hi) = Range(valid);
        var xs = Enumerable.Range(0, Points + 1).Select(i => lo + (hi - lo) * i / Points).ToArray();
        var densities = valid.Select(c => xs.Select(x => Density(c, x)).ToArray()).ToList();
        var yMax = densities.SelectMany(d => d).Where(double.IsFinite).DefaultIfEmpty(1).Max() * 1.08;
        double X(double v) => Left + (v - lo) / (hi - lo) * (Width - Left - Right);
        double Y(double v) => Top + (1 - Math.Min(v, yMax) / yMax) * (Height - Top - Bottom);

        foreach (var t in Ticks.For(lo, hi, 6))
        {
            svg.Line(X(t), Top, X(t), Height - Bottom, "grid");
            svg.Text(X(t), Height - Bottom + 16, t.ToString(hi - lo < 0.05 ? "0.###" : "0.##", CultureInfo.InvariantCulture), "axis", "middle");
        }

        svg.Line(Left, Height - Bottom, Width - Right, Height - Bottom, "axis-line");
        svg.Text(Left + (Width - Left - Right) / 2, Height - 4, "click-through rate", "axis", "middle");
        svg.Text(16, Top + (Height - Top - Bottom) / 2, "density", "axis", "middle", vertical: true);
        for (var i = 0; i < valid.Count; i++)
        {
            var c = valid[i];
            var points = xs.Select((x, j) => (X(x), Y(double.IsFinite(densities[i][j]) ? densities[i][j] : 0))).ToList();
            var mean = c.Alpha / (c.Alpha + c.Beta);
            svg.Path(points, c.Color, Height - Bottom, FormattableString.Invariant($"{c.Name}: Beta({c.Alpha:0.##}, {c.Beta:0.##}), mean {mean:0.####}"));
            svg.Dashed(X(mean), Top, X(mean), Height - Bottom, c.Color);
        }

        return svg.Done();
    }

    /// <summary>The drawn x range: the union of each curve's central 99.9%, padded by 10%, within [0, 1].</summary>
    internal static (double Lo, double Hi) Range(IReadOnlyList<PosteriorCurve> curves)
    {
        var lo = curves.Min(c => Quantile(c, 0.0005));
        var hi = curves.Max(c => Quantile(c, 0.9995));
        var pad = Math.Max((hi - lo) * 0.1, 0.002);
        lo = Math.Max(0, lo - pad);
        hi = Math.Min(1, hi + pad);
        return hi > lo ? (lo, hi) : (0, 1);
    }

    private static double Quantile(PosteriorCurve c, double p)
    {
        try
        {
            var q = Beta.InvCDF(c.Alpha, c.Beta, p);
            if (double.IsFinite(q))
            {
                return q;
            }
        }
        catch (ArgumentException)
        {
            // fall through to the normal approximation
        }

        var mean = c.Alpha / (c.Alpha + c.Beta);
        var sd = Math.Sqrt(c.Alpha * c.Beta / (Math.Pow(c.Alpha + c.Beta, 2) * (c.Alpha + c.Beta + 1)));
        return Math.Clamp(mean + (p < 0.5 ? -4 : 4) * sd, 0, 1);
    }

    private static double Density(PosteriorCurve c, double x) => x is <= 0 or >= 1 ? 0 : Beta.PDF(c.Alpha, c.Beta, x);
}
