using System.Globalization;

namespace Bandit.Trainer.Evaluation.Metrics;

/// <summary>The plain verdict line of the offline A/B comparison.</summary>
public static class Verdict
{
    /// <summary>
    /// E.g. <c>Policy B beats Policy A: ΔAUC = +0.031 [0.024, 0.038] (95% paired bootstrap, 1000 resamples)</c>.
    /// A winner is named only when the whole interval lies on one side of zero.
    /// </summary>
    public static string Line(AucDifference d)
    {
        var stats = string.Create(CultureInfo.InvariantCulture,
            $"ΔAUC = {d.Delta:+0.000;-0.000;0.000} [{d.Lower:0.000}, {d.Upper:0.000}] ({d.Confidence * 100:0.#}% paired bootstrap, {d.Resamples} resamples)");
        if (d.BBetter)
        {
            return $"Policy B beats Policy A: {stats}";
        }

        return d.ABetter
            ? $"Policy A beats Policy B: {stats.Replace("ΔAUC", "ΔAUC(B − A)", StringComparison.Ordinal)}"
            : $"No significant difference between Policy A and Policy B: {stats.Replace("ΔAUC", "ΔAUC(B − A)", StringComparison.Ordinal)}";
    }
}
