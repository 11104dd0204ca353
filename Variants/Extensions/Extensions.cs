using Bandit.Mlflow;
using Bandit.Mlflow.Watching;
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
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<VariantOptions>>().Value;
            return new AliasWatcher(
                sp.GetRequiredService<MlflowClient>(),
                new AliasWatcherOptions { ModelName = options.ModelName, Alias = options.Alias, PollInterval = options.PollInterval, MaxBackoff = options.MaxBackoff },
                sp.GetRequiredService<ModelSwapper>().HandleAsync,
                sp.GetRequiredService<ILogger<AliasWatcher>>(),
                sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp => new MlflowWebhookReceiver(
            () => sp.GetRequiredService<IOptionsMonitor<VariantOptions>>().CurrentValue.WebhookSecret,
            [sp.GetRequiredService<AliasWatcher>()],
            sp.GetRequiredService<ILogger<MlflowWebhookReceiver>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<ModelFollower>();

        services.AddSingleton<ModelLoadedHealthCheck>(); // one instance: it remembers the last state it logged
        ModelLoadedHealthCheck.QuietProbes(builder.Logging);
        services.AddHealthChecks()
            .AddCheck<ModelLoadedHealthCheck>("model", tags: ["ready"])
            .AddAliasWatcher("mlflow-alias", sp => sp.GetRequiredService<AliasWatcher>(), "ready");
        return builder;
    }

    /// <summary>No request body here is larger than a recommend request or a webhook delivery.</summary>
    private static void LimitRequestBodies(this IHostApplicationBuilder builder) =>
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
            kestrel.Limits.MaxRequestBodySize = RecommendRequestReader.MaxBodyBytes);
}
