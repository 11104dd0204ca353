using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Bandit.Aspire service shares, shaped like the Aspire ServiceDefaults template:
/// OpenTelemetry (OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), health checks,
/// service discovery and standard HTTP resilience. Nothing domain-specific lives here.
/// </summary>
public static class Extensions
{
    /// <summary>Readiness: every health check must pass.</summary>
    public const string HealthEndpointPath = "/health";

    /// <summary>Liveness: only checks tagged <see cref="LiveTag"/> must pass.</summary>
    public const string AlivenessEndpointPath = "/alive";

    public const string LiveTag = "live";

    /// <summary>The Prometheus scrape endpoint, for users whose monitoring is Prometheus and Grafana.</summary>
    public const string MetricsEndpointPath = "/metrics";

    /// <summary>The service's HTTP API as an OpenAPI document (Microsoft.AspNetCore.OpenApi's default document name).</summary>
    public const string OpenApiDocumentPath = "/openapi/v1.json";

    /// <summary>Adds OpenTelemetry, default health checks, service discovery and HTTP resilience.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        // Every HTTP call otherwise logs four Information lines (and Polly two more): at idle the alias watchers
        // alone made the console unreadable. Failures still log at Warning; traces keep every call. Polly's Warnings are
        // one line per retried attempt, without the stack trace (see ResilienceLogging): silencing them would hide outages.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Services.AddQuietResilienceLogging();

        // Every service describes its HTTP API the same way; tests compare each document with DESIGN.md.
        builder.Services.AddOpenApi();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    /// <summary>
    /// Logs, metrics and traces through OpenTelemetry. Every <c>ActivitySource</c> and <c>Meter</c>
    /// whose name starts with <see cref="BanditTelemetry.Prefix"/> is collected, so services declare
    /// their own names without touching this project.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(BanditTelemetry.Wildcard)
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(BanditTelemetry.Wildcard)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsHealthProbe(context.Request.Path))
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = request => !IsHealthProbe(request.RequestUri?.AbsolutePath)));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>A liveness check that passes while the process runs; services add readiness checks beside it.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);

        return builder;
    }

    /// <summary>Maps <c>/health</c> (every check), <c>/alive</c> (liveness checks only), <c>/metrics</c> (Prometheus) and
    /// <c>/openapi/v1.json</c> (the service's HTTP API).</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Mapped in every environment: the AppHost and the tests wait on /health.
        // The answers carry status only, no check details.
        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(LiveTag),
        });
        app.MapPrometheusScrapingEndpoint(MetricsEndpointPath);
        app.MapOpenApi(OpenApiDocumentPath.Replace("v1", "{documentName}", StringComparison.Ordinal));

        return app;
    }

    // Probes and scrapes are not traced: they would bury the requests a user looks for.
    private static bool IsHealthProbe(PathString path) =>
        path.StartsWithSegments(HealthEndpointPath) || path.StartsWithSegments(AlivenessEndpointPath) || path.StartsWithSegments(MetricsEndpointPath)
        || path.StartsWithSegments(OpenApiDocumentPath);

    private static bool IsHealthProbe(string? path) => path is not null && IsHealthProbe(new PathString(path));
}
