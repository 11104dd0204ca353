using System.Text.Json.Nodes;
using Bandit.Allocation;
using Bandit.Router.Decisions;
using Bandit.Router.Model;
using Bandit.Router.State;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bandit.Router.Apis;

/// <summary><c>GET /stats</c> and <c>GET /config</c>.</summary>
public static class StatsApi
{
    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Experiment");
        group.MapGet("/stats", GetStats);
        group.MapGet("/config", GetConfig);
        return app;
    }

    /// <summary>Fresh counters from the store (not the decision cache), posteriors and P(best) over them.</summary>
    public static async Task<Ok<StatsResponse>> GetStats(LiveExperiment live, IBanditStore store, ArmHealth health, CancellationToken cancellationToken)
    {
        var state = live.Current;
        var counters = await store.GetCountersAsync(state.ExperimentKey, state.ArmNames, cancellationToken);
        var snapshot = PosteriorSnapshot.Create(state.Config, counters.ToArmStats());
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
                snapshot.PBest[i], shares[i], health.IsHealthy(arm.Name));
        }

        return TypedResults.Ok(new StatsResponse(
            state.ExperimentKey, state.Strategy.Name, state.Version, state.Window.Capacity,
            arms.Sum(a => a.Pulls), counters.Epoch, store.IsShared, arms));
    }

    public static Ok<ConfigResponse> GetConfig(LiveExperiment live) => TypedResults.Ok(ToResponse(live.Current));

    internal static ConfigResponse ToResponse(LiveConfig state) =>
        new(state.Version, state.ExperimentKey, state.Source, state.LoadedAt, JsonNode.Parse(state.Config.ToJson())!);
}
