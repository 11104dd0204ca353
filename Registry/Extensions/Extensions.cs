using System.Text.Json;
using System.Text.Json.Serialization;
using Bandit.Registry.Apis;
using Bandit.Registry.Infrastructure;
using Bandit.Registry.Model;
using Bandit.Registry.Storage;
using Bandit.Registry.Webhooks;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bandit.Registry.Extensions;

/// <summary>The registry's services and routes, as Program.cs composes them.</summary>
public static class Extensions
{
    /// <summary>Options, SQLite and artifact stores, webhook delivery, MLflow's JSON conventions, upload limits, the database readiness check.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RegistryOptions>().BindConfiguration(RegistryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Db>();
        services.AddSingleton<TrackingStore>();
        services.AddSingleton<ModelRegistryStore>();
        services.AddSingleton<ArtifactStore>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddHttpClient(WebhookDispatcher.HttpClientName);

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, RegistryJsonContext.Default);
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });

        // Artifact uploads may be large; JSON bodies have their own, smaller cap (RequestArgs.MaxJsonBytes).
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RegistryOptions>>((kestrel, registry) =>
            kestrel.Limits.MaxRequestBodySize = registry.Value.MaxArtifactBytes);

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("sqlite");

        // MLflow answers GET /health with "OK"; /health here takes its options from DI (ServiceDefaults maps it without any).
        services.Configure<HealthCheckOptions>(o => o.ResponseWriter = (context, report) =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(report.Status == HealthStatus.Healthy ? "OK" : report.Status.ToString());
        });
        return builder;
    }

    /// <summary>MLflow's wire rules (errors, path checks) and every MLflow route the registry serves.</summary>
    public static WebApplication MapRegistryApis(this WebApplication app)
    {
        app.UseMiddleware<MlflowProtocolMiddleware>();
        app.MapServerApi();
        app.MapExperimentsApi();
        app.MapRunsApi();
        app.MapArtifactsApi();
        app.MapRegisteredModelsApi();
        app.MapModelVersionsApi();
        app.MapWebhooksApi();

        var options = app.Services.GetRequiredService<IOptions<RegistryOptions>>().Value;
        RegistryLog.Storage(app.Logger, app.Services.GetRequiredService<Db>().DatabasePath, options.ArtifactRoot);
        return app;
    }
}

/// <summary>Ready when the SQLite database answers.</summary>
internal sealed class DatabaseHealthCheck(Db db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.PingAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("SQLite did not answer");
}
