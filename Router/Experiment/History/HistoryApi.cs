using System.Globalization;
using Bandit.Router.Common;
using Bandit.Router.Ledger;
using Bandit.Router.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Bandit.Router.Experiment.History;

/// <summary>
/// <c>GET /stats/history?minutes=60&amp;points=360</c>: the live experiment's snapshots over the last <c>minutes</c>
/// (1–1440), thinned evenly to at most <c>points</c> (2–2000, the newest always kept), and its changes (promotions,
/// strategy switches, resets) over the same span. From the store, so every replica and every Ui sees the same history,
/// and it survives restarts when the store is Redis.
/// </summary>
public static class HistoryApi
{
    public const int DefaultMinutes = 60, MaxMinutes = 24 * 60, DefaultPoints = 360, MaxPoints = 2000;

    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("").WithTags("Experiment").MapGet("/stats/history", GetHistory);
        return app;
    }

    public static async Task<Results<Ok<HistoryResponse>, ProblemHttpResult>> GetHistory(
        string? minutes, string? points, LiveExperiment live, IExperimentHistoryStore store, StoreAvailability availability, IOptions<RouterOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!TryRange(minutes, DefaultMinutes, 1, MaxMinutes, out var span) || !TryRange(points, DefaultPoints, 2, MaxPoints, out var most))
        {
            return TypedResults.Problem($"minutes must be a whole number in [1, {MaxMinutes}] and points one in [2, {MaxPoints}].", statusCode: StatusCodes.Status400BadRequest, title: "invalid history request");
        }

        // Known to be down: say so now rather than after the store's timeout (the drainer tells when it is back).
        if (!availability.IsAvailable)
        {
            return Unavailable();
        }

        var experiment = live.Current.ExperimentKey;
        var from = time.GetUtcNow().AddMinutes(-span);
        try
        {
            var (snapshots, events) = await store.ReadAsync(experiment, from, cancellationToken);
            return TypedResults.Ok(new HistoryResponse(experiment, options.Value.HistoryInterval.TotalSeconds, from, Thin(snapshots, most), Merge(events, options.Value.ConfigModel)));
        }
        catch (StoreUnavailableException)
        {
            availability.MarkUnavailable();
            return Unavailable();
        }
    }

    private static ProblemHttpResult Unavailable() =>
        TypedResults.Problem("the history lives in the bandit store, which is not answering; try again when it is back.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "history unavailable");

    /// <summary>Every <c>k</c>-th snapshot so at most <paramref name="most"/> remain, the newest always among them.</summary>
    internal static IReadOnlyList<StatsSnapshot> Thin(IReadOnlyList<StatsSnapshot> snapshots, int most)
    {
        if (snapshots.Count <= most)
        {
            return snapshots;
        }

        var step = (snapshots.Count + most - 2) / (most - 1);
        var last = snapshots.Count - 1;
        return [.. snapshots.Where((_, i) => (last - i) % step == 0)];
    }

    /// <summary>
    /// One event per change: a config version or reset epoch seen by several replicas (or by the admin call and the
    /// sampler) counts once, at its earliest time; a new config version that a promotion of the config model made is
    /// that promotion (with the strategy it brought), not a second marker.
    /// </summary>
    internal static IReadOnlyList<HistoryEvent> Merge(IReadOnlyList<HistoryEvent> events, string configModel)
    {
        var promotions = events.Where(e => e.Kind == HistoryEvent.Promotion).ToList();
        var firsts = events.Where(e => e.Kind != HistoryEvent.Promotion)
            .GroupBy(e => (e.Kind, e.To)).Select(g => g.MinBy(e => e.At)!).ToList();
        foreach (var change in firsts.Where(e => e.Kind == HistoryEvent.StrategyChange).ToList())
        {
            var index = promotions.FindIndex(p => p.Model == configModel && p.To == change.To);
            if (index >= 0)
            {
                promotions[index] = promotions[index] with { Strategy = change.Strategy };
                firsts.Remove(change);
            }
        }

        return [.. promotions.Concat(firsts).OrderBy(e => e.At)];
    }

    private static bool TryRange(string? text, int fallback, int min, int max, out int value)
    {
        value = fallback;
        return text is null || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max);
    }
}
