using System.Text.Json.Nodes;
using Bandit.Allocation;
using Bandit.Router.Ledger;
using Bandit.Router.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bandit.Router.Experiment.Stats;

/// <summary><c>GET /stats</c> and <c>GET /config</c>.</summary>
public static partial class StatsApi
{
    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Experiment");
        group.MapGet("/stats", GetStats);
        group.MapGet("/config", GetConfig);
        return app;
    }

    /// <summary>
    /// Fresh counters from the store (not the decision cache), posteriors and P(best) over them. While the store is
    /// unavailable: the counters decisions last used (<c>countersAsOf</c>), or zeros when there are none, with
    /// <c>store: unavailable</c>, the allocation in force and the number of entries waiting in the outage log.
    /// </summary>
    public static async Task<Ok<StatsResponse>> GetStats(
        LiveExperiment live, IBanditStore store, ArmHealth health, StoreAvailability availability, OutageLog outageLog, PosteriorCache posteriors,
        SrmMonitor srm, ArmVersions versions, CancellationToken cancellationToken)
    {
        var state = live.Current;
        var liveVersions = versions.For(state);
        ExperimentCounters? counters = null;
        IReadOnlyList<VersionCounters>[]? served = null;
        DateTimeOffset? asOf = null;
        var allocation = StatsResponse.Posteriors;
        if (availability.IsAvailable)
        {
            try
            {
                counters = await store.GetCountersAsync(state.ExperimentKey, state.ArmNames, liveVersions, cancellationToken);
                served = await Task.WhenAll(state.ArmNames.Select(a => store.GetVersionsAsync(state.ExperimentKey, a, cancellationToken)));
            }
            catch (StoreUnavailableException)
            {
                availability.MarkUnavailable();
            }
        }

        if (counters is null)
        {
            allocation = StatsResponse.CachedPosteriors;
            if (posteriors.Last(state) is { } last)
            {
                (counters, asOf) = last;
            }
            else
            {
                allocation = StatsResponse.HashFallback;
                counters = new ExperimentCounters(0, [.. state.ArmNames.Select(a => new ArmCounters(a, 0, 0, 0, 0))]);
            }
        }
        var snapshot = PosteriorSnapshot.Create(state.Config, counters.ToArmStats(state.Config.DiscountHalfLifeSeconds));
        var shares = state.Window.Shares();
        var arms = new ArmStatsResponse[state.ArmNames.Count];
        for (var i = 0; i < arms.Length; i++)
        {
            var arm = state.Config.Arms[i];
            var stats = snapshot.Stats[i];
            var posterior = snapshot.Posteriors[i];
            arms[i] = new ArmStatsResponse(
                arm.Name, arm.Alias, arm.Service, stats.Pulls, stats.Updates, stats.Rewards, stats.Ctr, counters.Arms[i].Failures,
                new PosteriorResponse(posterior.Alpha, posterior.Beta, posterior.Mean, posterior.Lower95, posterior.Upper95),
                snapshot.PBest[i], shares[i], health.IsHealthy(arm.Name), stats.DiscountedUpdates, stats.DiscountedRewards,
                liveVersions[i], served is null ? null : Earlier(snapshot, i, liveVersions[i], served[i]));
        }

        return TypedResults.Ok(new StatsResponse(
            state.ExperimentKey, state.Strategy.Name, state.Version, state.Window.Capacity,
            arms.Sum(a => a.Pulls), counters.Epoch, store.IsShared, arms,
            availability.IsAvailable ? StatsResponse.Available : StatsResponse.Unavailable, allocation, outageLog.Count, asOf,
            ToResponse(await srm.CheckAsync(state.ExperimentKey, counters, cancellationToken))));
    }

    private static SrmResponse ToResponse(SrmResult srm) => new(srm.PValue, srm.Srm, srm.Observed, srm.Expected, SampleRatioMismatch.MinimumPulls);

    public static Ok<ConfigResponse> GetConfig(LiveExperiment live) => TypedResults.Ok(ToResponse(live.Current));

    internal static ConfigResponse ToResponse(LiveConfig state) =>
        new(state.Version, state.ExperimentKey, state.Source, state.LoadedAt, JsonNode.Parse(state.Config.ToJson())!);
}
