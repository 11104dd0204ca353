using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Bandit.Mlflow;

/// <summary>Registers <see cref="MlflowClient"/> as a typed HttpClient with MLflow-aware retries.</summary>
public static class MlflowServiceCollectionExtensions
{
    /// <summary>The configuration key of the tracking URI (Aspire and MLflow convention).</summary>
    public const string TrackingUriKey = "MLFLOW_TRACKING_URI";

    /// <summary>Used when <see cref="TrackingUriKey"/> is not set: MLflow's own default port.</summary>
    public const string DefaultTrackingUri = "http://127.0.0.1:5000";

    /// <summary>Set on a request that must not be replayed after it may have reached the server.</summary>
    internal static readonly HttpRequestOptionsKey<bool> NonIdempotent = new("Bandit.Mlflow.NonIdempotent");

    /// <summary>Adds <see cref="MlflowClient"/> reading <c>MLFLOW_TRACKING_URI</c> from the builder's configuration.</summary>
    public static IServiceCollection AddMlflowClient(this IHostApplicationBuilder builder) =>
        builder.Services.AddMlflowClient(builder.Configuration);

    /// <summary>
    /// Adds <see cref="MlflowClient"/> as a typed HttpClient whose base address is <c>MLFLOW_TRACKING_URI</c>
    /// (default <c>http://127.0.0.1:5000</c>), with its own resilience pipeline:
    /// <list type="bullet">
    /// <item>Retries (3, exponential backoff with jitter from 200 ms) only for transient failures: network
    /// errors, per-attempt timeouts, 408, 429, 502, 503 and 504. Never for other 4xx (the answer would not
    /// change), and not for 500: MLflow answers 500 INTERNAL_ERROR for deterministic faults (a missing
    /// artifact, a bad experiment id), so a retry would only add latency.</item>
    /// <item>Requests that create something (experiments/create, runs/create, registered-models/create,
    /// model-versions/create) are retried only when the connection was refused, i.e. the request certainly
    /// never reached the server: a replay after a timeout or a 503 from a proxy could register a second
    /// run or version. Everything else the client sends is idempotent (GETs, PUT of an artifact, alias
    /// upserts and deletes, tags, params with the same value, metrics whose duplicates MLflow collapses).</item>
    /// <item>A 2-minute timeout per attempt (artifact uploads can be large) and 10 minutes in total.</item>
    /// </list>
    /// Any resilience handler added earlier (e.g. ServiceDefaults' standard handler for every HttpClient) is
    /// removed first, so retries are not stacked and the rules above hold.
    /// </summary>
    public static IServiceCollection AddMlflowClient(this IServiceCollection services, IConfiguration configuration)
    {
        // new Uri("notaurl") threw from the first MlflowClient a service resolved, trace and all.
        services.CheckSettingOnStart(TrackingUriKey, uri =>
            string.IsNullOrWhiteSpace(uri) || (Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https")
                ? null
                : $"'{uri}' is not an http(s) URL");
        var builder = services.AddHttpClient<MlflowClient>(http =>
        {
            var uri = configuration[TrackingUriKey];
            http.BaseAddress = new Uri(string.IsNullOrWhiteSpace(uri) ? DefaultTrackingUri : uri);
            http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's timeouts below govern
        });
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental; it is the documented way not to stack handlers.
        builder.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.AddResilienceHandler("mlflow", ConfigurePipeline);
        return services;
    }

    internal static void ConfigurePipeline(ResiliencePipelineBuilder<HttpResponseMessage> pipeline)
    {
        pipeline
            .AddTimeout(TimeSpan.FromMinutes(10))
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 3,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage())),
            })
            .AddTimeout(TimeSpan.FromMinutes(2));
    }

    /// <summary>The retry rule described on <see cref="AddMlflowClient(IServiceCollection, IConfiguration)"/>.</summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request)
    {
        var nonIdempotent = request is not null && request.Options.TryGetValue(NonIdempotent, out var flag) && flag;
        if (outcome.Exception is { } exception)
        {
            if (nonIdempotent)
            {
                return exception is HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } };
            }

            return exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException;
        }

        return !nonIdempotent && outcome.Result?.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
    }
}
