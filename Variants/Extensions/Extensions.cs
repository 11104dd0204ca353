using Bandit.Mlflow;
using Bandit.Mlflow.Watching;
using Bandit.ServiceDefaults.Http;
using Bandit.Variants.Apis;
using Bandit.Variants.Model;
using Bandit.Variants.Serving;
using Microsoft.Extensions.Options;

namespace Bandit.Variants.Extensions;

public static class Extensions
{
    /// <summary>Options, the MLflow client, the model holder/loader/swapper, the alias watcher and its webhook
    /// receiver, telemetry, and the readiness checks (a model is loaded; the alias is followed).</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<VariantOptions>().BindConfiguration(VariantOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, VariantsJsonContext.Default));
        builder.LimitRequestBodies();
        builder.AddMlflowClient();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ModelHolder>();
        services.AddSingleton<ModelLoader>();
        services.AddSingleton<ModelSwapper>();
        services.AddSingleton<VariantsTelemetry>();
        services.AddSingleton<ModelLoadedHealthCheck>(); // one instance: it remembers the last state it logged
        ModelLoadedHealthCheck.QuietProbes(builder.Logging);
        services.AddHealthChecks().AddCheck<ModelLoadedHealthCheck>("model", tags: ["ready"]);
        services.AddAliasWatcher("mlflow-alias",
            sp => WatcherOptions(sp.GetRequiredService<IOptions<VariantOptions>>().Value),
            sp => sp.GetRequiredService<ModelSwapper>().HandleAsync,
            sp => sp.GetRequiredService<IOptionsMonitor<VariantOptions>>().CurrentValue.WebhookSecret);
        return builder;
    }

    private static AliasWatcherOptions WatcherOptions(VariantOptions o) =>
        new() { ModelName = o.ModelName, Alias = o.Alias, PollInterval = o.PollInterval, MaxBackoff = o.MaxBackoff };

    /// <summary>
    /// No request body here is larger than a recommend request or a webhook delivery; the server's limit leaves room to
    /// read a refused body to its end (<see cref="JsonBodyReader.DrainBytes"/>), so that a client that sent one to any
    /// route (a 404, a 405) still reads the answer instead of a reset connection.
    /// </summary>
    private static void LimitRequestBodies(this IHostApplicationBuilder builder) =>
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
            kestrel.Limits.MaxRequestBodySize = RecommendRequestReader.MaxBodyBytes + JsonBodyReader.DrainBytes);
}
