namespace Bandit.Replay.Simulation;

/// <summary>The synthetic environments of the report, named once so the tests and the docs agree with the command.</summary>
public static class Scenarios
{
    /// <summary>Stationary Bernoulli arms: a clear gap, a close pair, and three arms 5 points apart.</summary>
    public static IReadOnlyList<double[]> StationaryRates { get; } = [[0.05, 0.15], [0.10, 0.12], [0.05, 0.10, 0.15]];

    /// <summary>The drifting pair: 0.05 and 0.15, swapped halfway.</summary>
    public static DriftingEnvironment Drifting(int horizon) => DriftingEnvironment.Swap(0.05, 0.15, horizon);

    /// <summary>The half-lives (in decisions) the report sweeps discounted Thompson sampling over on the MovieLens replay.</summary>
    public static IReadOnlyList<double> HalfLifeSweep { get; } = [250, 500, 1000, 2000];

    /// <summary>A file-name slug for a set of rates, e.g. <c>05-10-15</c>.</summary>
    public static string Slug(IEnumerable<double> rates) =>
        string.Join("-", rates.Select(p => ((int)Math.Round(p * 100)).ToString("00", System.Globalization.CultureInfo.InvariantCulture)));
}
