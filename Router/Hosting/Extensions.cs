using Bandit.Allocation;
using Bandit.Mlflow;
using Bandit.Mlflow.Watching;
using Bandit.Router.Choosing;
using Bandit.Router.Common;
using Bandit.Router.Experiment;
using Bandit.Router.Experiment.Admin;
using Bandit.Router.Experiment.AutoPromotion;
using Bandit.Router.Experiment.History;
using Bandit.Router.Experiment.Registry;
using Bandit.Router.Experiment.Stats;
using Bandit.Router.Ledger;
using Bandit.Router.Rewards;
using Bandit.Router.Store;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bandit.Router.Hosting;

public static class Extensions
{
    /// <summary>
    /// Options, the bandit store (Redis when <c>ConnectionStrings:redis</c> is set, else in memory), the decision
    /// pipeline, YARP, and — when <c>MLFLOW_TRACKING_URI</c> is set — the config follower, the admin publisher,
    /// the webhook receiver and the MLflow exporter.
    /// </summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RouterOptions>().BindConfiguration(RouterOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RouterOptions>, RouterOptionsValidator>();
        services.AddProblemDetails();
        services.AddExceptionHandler<StoreUnavailableHandler>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IRandomSource>(SharedRandomSource.Instance);

        // Degraded, not Unhealthy, while Redis is down: the Router keeps serving (cached posteriors, outage log). Its Redis
        // spans come from the stores (RedisSpans, one per command, child of the request), not from Aspire's command
        // profiler: paired runs measured about 12% less Router CPU per /update without it (docs/BENCHMARKS.md, router floors).
        var redis = builder.AddRedisConnection("redis", HealthStatus.Degraded, profiledSpans: false);

        // Redis I/O on the .NET thread pool rather than StackExchange.Redis's own scheduler threads: every /update and
        // /choose waits on one script, and on a small box the hand-offs between the two pools cost more CPU than the
        // request itself (measured: about a quarter of the Router's CPU per /update). Same commands, same answers.
        services.PostConfigure<ConfigurationOptions>(options => options.SocketManager ??= SocketManager.ThreadPool);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RouterOptions>>().Value;
            return new BanditStoreSettings(options.DecisionTtl, options.EventStreamMaxLength);
        });
        services.AddSingleton<IBanditStore>(sp => redis
            ? new RedisBanditStore(sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<BanditStoreSettings>())
            : new InMemoryBanditStore(sp.GetRequiredService<BanditStoreSettings>(), sp.GetRequiredService<TimeProvider>()));

        services.AddSingleton<LiveExperiment>();
        services.AddSingleton<PosteriorCache>();
        services.AddSingleton<DecisionMaker>();
        services.AddSingleton<UserContexts>();
        services.AddSingleton<DecisionSecret>();
        services.AddSingleton<ArmHealth>();
        services.AddSingleton<RewardService>();
        services.AddSingleton<RouterMetrics>();
        services.AddSingleton<StoreAvailability>();
        services.AddSingleton<OutageLog>();
        services.AddSingleton<BanditLedger>();
        services.AddSingleton<SrmMonitor>();
        services.AddSingleton<ArmVersions>();
        services.AddSingleton<IExperimentHistoryStore>(sp => redis
            ? new RedisExperimentHistoryStore(sp.GetRequiredService<IConnectionMultiplexer>())
            : new InMemoryExperimentHistoryStore());
        services.AddSingleton<ExperimentHistoryRecorder>();
        services.AddSingleton<AliasMover>();
        services.AddSingleton<IPromotionFigures, PromotionFigures>();
        services.AddHostedService<HistorySampler>();
        services.AddHostedService<OutageDrainer>();
        services.AddHealthChecks().AddCheck<OutageHealthCheck>("bandit-outage", tags: ["ready"]);
        services.AddUpdateRateLimiting();
        services.AddChooseProxy();

        if (string.IsNullOrWhiteSpace(builder.Configuration[MlflowServiceCollectionExtensions.TrackingUriKey]))
        {
            services.AddSingleton<IRouterConfigPublisher, NoRegistryPublisher>();
            return builder;
        }

        builder.AddMlflowClient();
        services.AddSingleton<IRouterConfigPublisher, MlflowRouterConfigPublisher>();
        services.AddSingleton<RouterConfigFollower>();
        services.AddAliasWatcher("router-config",
            sp => ConfigWatcherOptions(sp.GetRequiredService<IOptions<RouterOptions>>().Value),
            sp => sp.GetRequiredService<RouterConfigFollower>().ApplyAsync,
            sp => sp.GetRequiredService<IOptions<RouterOptions>>().Value.WebhookSecret);
        services.AddSingleton<ArmVersionFollower>(); // also read by RouterConfigFollower before a config goes live
        services.AddHostedService(sp => sp.GetRequiredService<ArmVersionFollower>());
        services.AddHostedService<AutoPromoter>(); // moves aliases: needs the registry
        services.AddHostedService<MlflowExporter>();
        return builder;
    }

    private static AliasWatcherOptions ConfigWatcherOptions(RouterOptions o) =>
        new() { ModelName = o.ConfigModel, Alias = o.ConfigAlias, PollInterval = o.ConfigPollInterval };

    /// <summary>Every route of the Router: <c>/choose</c> (YARP), <c>/update</c>, <c>/stats</c>, <c>/stats/history</c>, <c>/config</c>, <c>/admin/*</c>, the MLflow webhook.</summary>
    public static WebApplication MapRouterApis(this WebApplication app)
    {
        app.UseExceptionHandler();
        // A path no endpoint or route matches (404, 405) answers problem details like every other refusal.
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.MapChooseProxy();
        app.MapUpdateApi();
        app.MapStatsApi();
        app.MapHistoryApi();
        app.MapOffPolicyApi();
        app.MapAdminApi();
        if (app.Services.GetService<MlflowWebhookReceiver>() is not null)
        {
            app.MapMlflowWebhook("/webhooks/mlflow");
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Extensions));
        var store = app.Services.GetRequiredService<IBanditStore>();
        RouterLog.StoreSelected(logger, store.IsShared ? "Redis (shared by every replica)" : "in memory (this process only)");
        if (app.Services.GetService<MlflowWebhookReceiver>() is null)
        {
            RouterLog.NoRegistry(logger);
        }

        return app;
    }

    private sealed class RouterOptionsValidator : IValidateOptions<RouterOptions>
    {
        public ValidateOptionsResult Validate(string? name, RouterOptions options) =>
            options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }

    /// <summary>Without a registry, the admin strategy switch has nowhere to write and refuses (503).</summary>
    private sealed class NoRegistryPublisher(IOptions<RouterOptions> options) : IRouterConfigPublisher
    {
        public string SourceUri => ModelUri.ForAlias(options.Value.ConfigModel, options.Value.ConfigAlias).ToString();

        public Task<string> PublishAsync(RouterConfig config, string reason, CancellationToken cancellationToken = default) =>
            throw new RegistryUnavailableException("MLFLOW_TRACKING_URI is not set, so there is no registry to publish the config to.");
    }
}
