using Bandit.Ui.Charts;
using Bandit.Ui.Registry;
using Bandit.Ui.Routing;
using Microsoft.AspNetCore.Html;

namespace Bandit.Ui.Experiment;

/// <summary>One arm on the Experiment page: the Router's numbers, its colour, the CTR's 95% Wilson interval, and the version its alias serves.</summary>
public sealed record ArmRow(ArmStats Stats, string Color, double? CtrLower, double? CtrUpper, string? Version)
{
    /// <summary>Whether the arm's live version has evidence: see <see cref="PBestEvidence"/>.</summary>
    public bool HasEvidence => PBestEvidence.Has(Stats.Updates);
}

/// <summary>A chart with its HTML legend.</summary>
public sealed record Chart(HtmlString Svg, HtmlString Legend);

/// <summary>Everything the Experiment panel draws: one <c>/stats</c> answer, the Router's history, the registry's versions.</summary>
public sealed record ExperimentView(
    RouterStats Stats,
    RouterConfigInfo? Config,
    string? ConfigError,
    IReadOnlyList<ArmRow> Arms,
    HtmlString Posteriors,
    Chart ShareOverTime,
    Chart CtrOverTime,
    IReadOnlyList<HistoryEvent> Changes,
    int Samples,
    string? HistoryError,
    string? VersionsError,
    IReadOnlyList<IReadOnlyList<ArmServing>> SameVersion,
    DateTimeOffset RenderedAt)
{
    public static ExperimentView Build(ExperimentInputs inputs, DateTimeOffset now)
    {
        var stats = inputs.Stats;
        var arms = stats.Arms.Select((a, i) =>
        {
            var (lo, hi) = Wilson(a.Rewards, a.Updates);
            // The Router's version is the one whose evidence the row counts; the registry's is where the alias points (the
            // same once the Router has followed a move), used when the Router does not say.
            return new ArmRow(a, ArmColors.For(i), lo, hi, a.Version ?? (a.Alias is null ? null : inputs.Versions?.GetValueOrDefault(a.Alias)));
        }).ToList();
        var posteriors = BetaDensityChart.Render([.. arms.Select(a => new PosteriorCurve(a.Stats.Arm, a.Color, a.Stats.Posterior.Alpha, a.Stats.Posterior.Beta))]);
        var history = inputs.History is { } h && h.Experiment == stats.Experiment ? h : null;
        var markers = history is null ? [] : HistorySeries.Markers(history);
        var share = history is null ? [] : HistorySeries.Share(history, arms);
        var ctr = history is null ? [] : HistorySeries.Ctr(history, arms);
        var serving = arms.Select(a => new ArmServing(a.Stats.Arm, a.Stats.Alias, a.Version));
        return new ExperimentView(stats, inputs.Config, inputs.ConfigError, arms, posteriors,
            new Chart(LineChart.Render("Traffic share per arm in each interval, with 95% intervals and the experiment's changes", share, percent: true, yMax: 1, markers),
                ChartLegend.Render(share, percent: true, "shaded: 95% interval of the share in that interval")),
            new Chart(LineChart.Render("Click-through rate per arm since the last reset, with 95% intervals and the experiment's changes", ctr, percent: true, markers: markers),
                ChartLegend.Render(ctr, percent: true, "shaded: 95% Wilson interval")),
            history?.Events ?? [], history?.Samples.Count ?? 0, inputs.HistoryError, inputs.VersionsError, ServingVersions.SameVersion(serving), now);
    }

    /// <summary>
    /// The 95% Wilson score interval of a proportion (z = 1.96): unlike the normal approximation it stays inside
    /// [0, 1] and behaves with few trials or a rate near 0. Null before the first trial.
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

/// <summary>What the Experiment page read: <c>/stats</c> (required), and the rest, each of which may have failed on its own.</summary>
public sealed record ExperimentInputs(
    RouterStats Stats,
    RouterConfigInfo? Config,
    string? ConfigError,
    RouterHistory? History,
    string? HistoryError,
    IReadOnlyDictionary<string, string>? Versions,
    string? VersionsError);
