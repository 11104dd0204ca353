using System.Globalization;

namespace Bandit.Trainer.Evaluation.Metrics;

/// <summary>The plain verdict line of an offline comparison of two policies.</summary>
public static class Verdict
{
    /// <summary>
    /// E.g. <c>Policy B beats Policy A: ΔAUC = +0.031 [0.024, 0.038] (95% paired bootstrap, 1000 resamples)</c>, where
    /// ΔAUC = AUC(<paramref name="second"/>) − AUC(<paramref name="first"/>). A winner is named only when the whole
    /// interval lies on one side of zero.
    /// </summary>
    public static string Line(AucDifference d, string first = "Policy A", string second = "Policy B")
    {
        var stats = string.Create(CultureInfo.InvariantCulture,
            $"ΔAUC = {d.Delta:+0.000;-0.000;0.000} [{d.Lower:0.000}, {d.Upper:0.000}] ({d.Confidence * 100:0.#}% paired bootstrap, {d.Resamples} resamples)");
        if (d.BBetter)
        {
            return $"{second} beats {first}: {stats}";
        }

        var named = stats.Replace("ΔAUC", $"ΔAUC({second[^1]} − {first[^1]})", StringComparison.Ordinal);
        return d.ABetter
            ? $"{first} beats {second}: {named}"
            : $"No significant difference between {first} and {second}: {named}";
    }
}
