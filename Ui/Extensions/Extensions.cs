using Bandit.Mlflow;
using Bandit.Ui.Operators;
using Bandit.Ui.Registry;
using Bandit.Ui.Routing;
using Bandit.Ui.TryIt;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Bandit.Ui.Extensions;

/// <summary>All of the Ui's services.</summary>
public static class Extensions
{
    /// <summary>
    /// Options (validated on start), the typed <see cref="RouterClient"/> at <c>http://router</c> (service discovery), the MLflow
    /// client at <c>MLFLOW_TRACKING_URI</c> (read only: every change goes through the Router), the registry views,
    /// operator sign-in and Razor Pages.
    /// </summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<UiOptions>()
            .BindConfiguration(UiOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
            {
                // Under Aspire (or with services:router:http:0 set by hand) the client asks for http://router and
                // service discovery resolves it; alone, Ui:RouterUrl or the Router's launchSettings address.
                var discovered = configuration[UiOptions.RouterServiceSection + ":http:0"] ?? configuration[UiOptions.RouterServiceSection + ":https:0"];
                options.RouterUrl = configuration.GetSection(UiOptions.RouterServiceSection).Exists() ? UiOptions.RouterServiceUrl : options.RouterUrl;
                options.RouterAddress = discovered ?? options.RouterUrl;
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var routerHttp = services.AddHttpClient<RouterClient>((sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<UiOptions>>().Value;
            http.BaseAddress = new Uri(options.RouterUrl.TrimEnd('/') + "/");
            http.Timeout = Timeout.InfiniteTimeSpan; // RouterClient's own timeout governs
        });
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental; it is the documented way not to stack handlers.
        routerHttp.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        routerHttp.AddResilienceHandler("router", ConfigureRouterPipeline);

        builder.AddMlflowClient();
        services.AddScoped<ModelCatalog>();
        services.AddScoped<OfflineReportReader>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ShownLists>();

        services.AddOperatorSignIn();
        services.AddRazorPages(pages => OperatorSignIn.RequireOperator(pages.Conventions));
        return builder;
    }

    /// <summary>
    /// One quick retry, only where a replay cannot double-count: GETs and rewards (idempotent per decision) on a
    /// transient failure, a <c>/choose</c> only when the connection was refused (it never reached the Router).
    /// The page should say "not answering" within seconds, not after a minute of backoff.
    /// </summary>
    internal static void ConfigureRouterPipeline(ResiliencePipelineBuilder<HttpResponseMessage> pipeline) =>
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 1,
            Delay = TimeSpan.FromMilliseconds(150),
            ShouldHandle = args =>
            {
                var request = args.Context.GetRequestMessage();
                var safe = request?.Method == HttpMethod.Get || request?.RequestUri?.AbsolutePath.EndsWith("/update", StringComparison.Ordinal) == true;
                var refused = args.Outcome.Exception is HttpRequestException { InnerException: System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused } };
                return ValueTask.FromResult(refused || (safe && HttpClientResiliencePredicates.IsTransient(args.Outcome) && !Considered(args.Outcome.Result)));
            },
        });

    /// <summary>
    /// A 503 with problem details is the Router's own answer ("the store is not answering"), not a lost request: asking
    /// again 150 ms later gets the same answer after the same wait. With Redis down the Router takes its store timeout
    /// (5 s) to say so, and the retry made the Experiment page wait out the Ui's 10 s timeout and say "did not answer in
    /// time" instead of the Router's reason.
    /// </summary>
    private static bool Considered(HttpResponseMessage? response) =>
        response is { StatusCode: System.Net.HttpStatusCode.ServiceUnavailable } && response.Content.Headers.ContentType?.MediaType == "application/problem+json";

    /// <summary>Logs where the Ui looks for the Router and MLflow.</summary>
    public static WebApplication LogStartup(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<UiOptions>>().Value;
        var tracking = app.Services.GetRequiredService<IConfiguration>()[MlflowServiceCollectionExtensions.TrackingUriKey] ?? MlflowServiceCollectionExtensions.DefaultTrackingUri;
        UiLog.Started(app.Logger, options.RouterAddress, new Uri(tracking));
        return app;
    }
}
