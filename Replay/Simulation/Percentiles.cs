namespace Bandit.Replay.Simulation;

/// <summary>Mean and empirical percentiles (linear interpolation between order statistics).</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}

/// <summary>A summary over seeds: mean, 10th and 90th percentile.</summary>
public readonly record struct Spread(double Mean, double P10, double P90)
{
    public static Spread Of(IReadOnlyList<double> values) =>
        new(values.Count == 0 ? double.NaN : values.Average(), Percentiles.Of(values, 0.1), Percentiles.Of(values, 0.9));
}
