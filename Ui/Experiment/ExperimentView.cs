using Bandit.Ui.Charts;
using Bandit.Ui.Routing;
using Microsoft.AspNetCore.Html;

namespace Bandit.Ui.Experiment;

/// <summary>One arm on the Experiment page: the Router's numbers, its colour and the CTR's 95% Wilson interval.</summary>
public sealed record ArmRow(ArmStats Stats, string Color, double? CtrLower, double? CtrUpper);

/// <summary>Everything the Experiment panel draws, built from one <c>/stats</c> answer and the sampled history.</summary>
public sealed record ExperimentView(
    RouterStats Stats,
    RouterConfigInfo? Config,
    string? ConfigError,
    IReadOnlyList<ArmRow> Arms,
    HtmlString Posteriors,
    HtmlString ShareOverTime,
    HtmlString CtrOverTime,
    int Samples,
    string? SamplerError,
    DateTimeOffset RenderedAt)
{
    public static ExperimentView Build(RouterStats stats, RouterConfigInfo? config, string? configError, StatsHistory history, DateTimeOffset now)
    {
        var arms = stats.Arms.Select((a, i) =>
        {
            var (lo, hi) = Wilson(a.Rewards, a.Updates);
            return new ArmRow(a, ArmColors.For(i), lo, hi);
        }).ToList();
        var samples = history.Snapshot().Where(s => s.Experiment == stats.Experiment).ToList();
        var posteriors = BetaDensityChart.Render([.. arms.Select(a => new PosteriorCurve(a.Stats.Arm, a.Color, a.Stats.Posterior.Alpha, a.Stats.Posterior.Beta))]);
        var share = LineChart.Render("Traffic share per arm over time", Series(arms, samples, s => s.Share), percent: true, yMax: 1);
        var ctr = LineChart.Render("Click-through rate per arm over time", Series(arms, samples, s => s.Ctr), percent: true);
        return new ExperimentView(stats, config, configError, arms, posteriors, share, ctr, samples.Count, history.LastError, now);
    }

    private static List<TimeSeries> Series(IReadOnlyList<ArmRow> arms, IReadOnlyList<StatsSample> samples, Func<ArmSample, double> value) =>
        [.. arms.Select(a => new TimeSeries(a.Stats.Arm, a.Color,
            [.. samples.SelectMany(s => s.Arms.Where(x => x.Arm == a.Stats.Arm).Select(x => (s.At, value(x))))]))];

    /// <summary>
    /// The 95% Wilson score interval of a proportion (z = 1.96): unlike the normal approximation it stays inside
    /// [0, 1] and behaves with few trials or a rate near 0. Null before the first reward.
    /// </summary>
    public static (double? Lower, double? Upper) Wilson(double successes, long trials)
    {
        if (trials <= 0)
        {
            return (null, null);
        }

        const double z = 1.96;
        var n = (double)trials;
        var p = Math.Clamp(successes / n, 0, 1);
        var denominator = 1 + z * z / n;
        var centre = (p + z * z / (2 * n)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
