using System.Net.Http.Json;
using Bandit.Launcher;
using Bandit.Mlflow;
using Bandit.TestSupport;

namespace Bandit.EndToEnd.Tests;

/// <summary>
/// The whole system brought up by the local launcher — redis-server, the local registry, the Trainer
/// (to completion), variant-a, variant-b, Router and Ui as real processes on free loopback ports —
/// with every service exporting its traces to an in-test OTLP collector.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    public const string AdminKey = "e2e-admin-key-0123456789";

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "bandit-e2e-" + Guid.NewGuid().ToString("N")[..8]);

    public OtlpCollector Collector { get; } = new();

    public SystemLauncher System { get; private set; } = null!;

    public HttpClient Router { get; private set; } = null!;

    public HttpClient VariantA { get; private set; } = null!;

    public MlflowClient Mlflow { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new LauncherOptions
        {
            RegistryPort = FreePort.Next(),
            RouterPort = FreePort.Next(),
            UiPort = FreePort.Next(),
            VariantAPort = FreePort.Next(),
            VariantBPort = FreePort.Next(),
            Redis = "auto",
            DataDir = _dataDir,
            AdminKey = AdminKey,
            Configuration = Configuration,
            NoBuild = true,
            // The e2e run needs the registered models, not the full offline report.
            TrainerArgs = "--folds 2 --bootstrap 100",
            HealthTimeout = TimeSpan.FromSeconds(180),
            ExtraEnvironment = new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Collector.Endpoint,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "60000",
                ["Variant__PollInterval"] = "00:00:01",
                ["Router__ConfigPollInterval"] = "00:00:01",
                ["Router__PosteriorCacheTtl"] = "00:00:00.050",
            },
        };

        System = new SystemLauncher(options);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await System.StartAsync(timeout.Token);

        Router = new HttpClient { BaseAddress = new Uri(System.RouterUrl), Timeout = TimeSpan.FromSeconds(30) };
        VariantA = new HttpClient { BaseAddress = new Uri(System.VariantAUrl), Timeout = TimeSpan.FromSeconds(30) };
        Mlflow = new MlflowClient(new HttpClient { BaseAddress = new Uri(System.TrackingUri), Timeout = TimeSpan.FromSeconds(30) });
    }

    /// <summary>Sets the live strategy through the Router's admin API (written back to the registry) and clears the counters.</summary>
    public async Task UseStrategyAsync(string strategy, double[]? weights = null)
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, "/admin/strategy") { Content = JsonContent.Create(new { strategy, weights }) };
        put.Headers.Authorization = new("Bearer", AdminKey);
        (await Router.SendAsync(put)).EnsureSuccessStatusCode();

        using var reset = new HttpRequestMessage(HttpMethod.Post, "/admin/reset");
        reset.Headers.Authorization = new("Bearer", AdminKey);
        (await Router.SendAsync(reset)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        Router?.Dispose();
        VariantA?.Dispose();
        if (System is not null)
        {
            await System.DisposeAsync();
        }

        Collector.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
