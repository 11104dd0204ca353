using Bandit.Registry.Infrastructure;
using Bandit.Registry.Model;
using Bandit.Registry.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bandit.Registry.Apis;

/// <summary>MLflow experiments: <c>/api/2.0/mlflow/experiments/*</c>.</summary>
public static class ExperimentsApi
{
    public static IEndpointRouteBuilder MapExperimentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/2.0/mlflow/experiments").WithTags("Experiments");
        api.MapPost("/create", CreateExperiment);
        api.MapGet("/get", GetExperiment);
        api.MapGet("/get-by-name", GetExperimentByName);
        return app;
    }

    public static async Task<Ok<ExperimentIdResponse>> CreateExperiment(RequestArgs args, TrackingStore store, CancellationToken cancellationToken)
    {
        var name = args.Required("name");
        var tags = args.Objects("tags", RequestArgs.KeyValue);
        var id = await store.CreateExperimentAsync(name, args.Optional("artifact_location"), tags, cancellationToken);
        return TypedResults.Ok(new ExperimentIdResponse(id));
    }

    public static async Task<Ok<ExperimentResponse>> GetExperiment(RequestArgs args, TrackingStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ExperimentResponse(await store.GetExperimentAsync(args.Required("experiment_id"), cancellationToken)));

    public static async Task<Ok<ExperimentResponse>> GetExperimentByName(RequestArgs args, TrackingStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ExperimentResponse(await store.GetExperimentByNameAsync(args.Required("experiment_name"), cancellationToken)));
}
