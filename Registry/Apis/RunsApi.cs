using Bandit.Registry.Infrastructure;
using Bandit.Registry.Model;
using Bandit.Registry.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bandit.Registry.Apis;

/// <summary>MLflow runs and metrics: <c>/api/2.0/mlflow/runs/*</c>, <c>metrics/get-history</c>, <c>logged-models/search</c>.</summary>
public static class RunsApi
{
    /// <summary>MLflow refuses log-batch requests over 1,000,000 bytes.</summary>
    public const int MaxLogBatchBytes = 1_000_000;

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/2.0/mlflow").WithTags("Runs");
        api.MapPost("/runs/create", CreateRun);
        api.MapGet("/runs/get", GetRun);
        api.MapPost("/runs/log-batch", LogBatch);
        api.MapPost("/runs/log-metric", LogMetric);
        api.MapPost("/runs/log-parameter", LogParam);
        api.MapPost("/runs/set-tag", SetTag);
        api.MapPost("/runs/update", UpdateRun);
        api.MapPost("/runs/search", RunSearch.SearchRuns);
        api.MapGet("/metrics/get-history", GetMetricHistory);

        // The Python client's list_artifacts asks for logged models too; none are kept here (MLflow answers {} when none match).
        api.MapPost("/logged-models/search", (RequestArgs _) => TypedResults.Ok(new EmptyResponse()));
        return app;
    }

    public static async Task<Ok<RunResponse>> CreateRun(RequestArgs args, TrackingStore store, CancellationToken cancellationToken)
    {
        var experimentId = args.Optional("experiment_id") is { Length: > 0 } id ? id : "0";
        var run = await store.CreateRunAsync(experimentId, args.Optional("run_name"), args.OptionalLong("start_time") ?? 0,
            args.Optional("user_id") ?? "", args.Objects("tags", RequestArgs.KeyValue), cancellationToken);
        return TypedResults.Ok(new RunResponse(run));
    }

    public static async Task<Ok<RunResponse>> GetRun(RequestArgs args, TrackingStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new RunResponse(await store.GetRunAsync(RunId(args), cancellationToken)));

    public static async Task<Ok<EmptyResponse>> LogBatch(HttpRequest request, RequestArgs args, TrackingStore store, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > MaxLogBatchBytes)
        {
            throw RegistryException.Invalid($"Batched logging API requests must be at most {MaxLogBatchBytes} bytes, got a request of size {request.ContentLength}.");
        }

        var metrics = args.Objects("metrics", ReadMetric);
        await store.LogBatchAsync(RunId(args), metrics, args.Objects("params", RequestArgs.KeyValue), args.Objects("tags", RequestArgs.KeyValue), cancellationToken);
        return TypedResults.Ok(new EmptyResponse());
    }

    public static async Task<Ok<EmptyResponse>> LogMetric(RequestArgs args, TrackingStore store, CancellationToken cancellationToken)
    {
        var metric = new MetricInput(args.Required("key"), args.OptionalDouble("value") ?? throw RegistryException.Missing("value"),
            args.OptionalLong("timestamp") ?? throw RegistryException.Missing("timestamp"), args.OptionalLong("step") ?? 0);
        await store.LogBatchAsync(RunId(args), [metric], [], [], cancellationToken);
        return TypedResults.Ok(new EmptyResponse());
    }

    public static async Task<Ok<EmptyResponse>> LogParam(RequestArgs args, TrackingStore store, CancellationToken cancellationToken)
    {
        await store.LogBatchAsync(RunId(args), [], [(args.Required("key"), args.Optional("value") ?? throw RegistryException.Missing("value"))], [], cancellationToken);
        return TypedResults.Ok(new EmptyResponse());
    }

    public static async Task<Ok<EmptyResponse>> SetTag(RequestArgs args, TrackingStore store, CancellationToken cancellationToken)
    {
        await store.LogBatchAsync(RunId(args), [], [], [(args.Required("key"), args.Optional("value") ?? throw RegistryException.Missing("value"))], cancellationToken);
        return TypedResults.Ok(new EmptyResponse());
    }

    public static async Task<Ok<RunInfoResponse>> UpdateRun(RequestArgs args, TrackingStore store, CancellationToken cancellationToken)
    {
        var status = args.Optional("status") is { } s ? TrackingStore.Status(s) : null;
        var info = await store.UpdateRunAsync(RunId(args), status, args.OptionalLong("end_time"), args.Optional("run_name"), cancellationToken);
        return TypedResults.Ok(new RunInfoResponse(info));
    }

    /// <summary>Without max_results MLflow 3.4–3.6 return no metrics (an upstream bug); here the default is 25,000 per page.</summary>
    public static async Task<Ok<MetricsResponse>> GetMetricHistory(RequestArgs args, TrackingStore store, CancellationToken cancellationToken)
    {
        var max = Validation.MaxResults(args.OptionalLong("max_results"), 25_000, 25_000);
        var (metrics, next) = await store.GetMetricHistoryAsync(RunId(args), args.Required("metric_key"), max, args.Optional("page_token"), cancellationToken);
        return TypedResults.Ok(new MetricsResponse(metrics.NullIfEmpty(), next));
    }

    /// <summary>run_id, or the deprecated run_uuid.</summary>
    private static string RunId(RequestArgs args) =>
        args.Optional("run_id") is { Length: > 0 } id ? id : args.Optional("run_uuid") is { Length: > 0 } uuid ? uuid : throw RegistryException.Missing("run_id");

    private static MetricInput ReadMetric(System.Text.Json.JsonElement item, string path) => new(
        RequestArgs.ItemString(item, "key", path) is { Length: > 0 } key ? key : throw RegistryException.Missing($"{path}.key"),
        RequestArgs.ItemDouble(item, "value", path) ?? throw RegistryException.Missing($"{path}.value"),
        RequestArgs.ItemLong(item, "timestamp", path) ?? throw RegistryException.Missing($"{path}.timestamp"),
        RequestArgs.ItemLong(item, "step", path) ?? 0);
}
