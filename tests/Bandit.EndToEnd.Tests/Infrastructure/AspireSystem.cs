using System.Net.Http.Json;
using Aspire.Hosting;
using Bandit.Mlflow;
using Microsoft.Extensions.DependencyInjection;

namespace Bandit.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The whole system started by the real AppHost through <c>Aspire.Hosting.Testing</c> — redis-server and the bundled
/// registry as this machine has no container engine, the Trainer (to completion), one variant per arm the AppHost
/// declares, two Router replicas and the Ui — with the Aspire dashboard on, so tests read traces back from its telemetry API.
/// One system is shared by every test of the collection: the machine has two cores.
/// </summary>
public sealed class AspireSystem : IAsyncLifetime
{
    public const string AdminKey = "e2e-admin-key-0123456789abcdef";
    public const string DashboardApiKey = "e2e-dashboard-api-key-0123456789";
    public const string ModelName = "movielens_ctr_ab";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(8);
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "bandit-e2e-" + Guid.NewGuid().ToString("N")[..8]);

    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Router { get; private set; } = null!;

    public HttpClient VariantA { get; private set; } = null!;

    public HttpClient Ui { get; private set; } = null!;

    public MlflowClient Mlflow { get; private set; } = null!;

    public Uri TrackingUri { get; private set; } = null!;

    public Dashboard Dashboard { get; private set; } = null!;

    /// <summary>The variant resources the AppHost declares (<c>variant-*</c>), each with the alias it serves (its
    /// <c>GET /model</c>), in resource-name order: the arms as declared, read from the running system.</summary>
    public IReadOnlyList<(string Resource, string Alias)> DeclaredArms { get; private set; } = [];

    /// <summary>The live config's arms in config order (name, alias, service), as the Router reads them at start.</summary>
    public IReadOnlyList<(string Name, string Alias, string Service)> ConfigArms { get; private set; } = [];

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Bandit_AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = true },
            [
                "--Infrastructure:Redis=executable",
                "--Infrastructure:Mlflow=bundled",
                $"--Infrastructure:DataDir={_dataDir}",
                // The system tests need registered models, not the full offline report.
                "--Trainer:Args=--folds 2 --bootstrap 100",
                $"--Parameters:router-admin-key={AdminKey}",
                $"--AppHost:DashboardApiKey={DashboardApiKey}",
            ],
            timeout.Token);

        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project)
                .WithEnvironment("Variant__PollInterval", "00:00:01")
                .WithEnvironment("Router__ConfigPollInterval", "00:00:01")
                .WithEnvironment("Router__PosteriorCacheTtl", "00:00:00.050")
                .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "200")
                .WithEnvironment("Logging__LogLevel__Microsoft.AspNetCore", "Warning");
        }

        App = await builder.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token);

        await App.ResourceNotifications.WaitForResourceAsync("trainer", KnownResourceStates.Finished, timeout.Token);
        var variants = builder.Resources.OfType<ProjectResource>().Select(r => r.Name).Where(n => n.StartsWith("variant-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        foreach (var resource in new[] { "redis", "mlflow" }.Concat(variants).Concat(["router", "ui"]))
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }

        var declared = new List<(string, string)>();
        foreach (var variant in variants)
        {
            declared.Add((variant, await VariantAliasAsync(variant, timeout.Token)));
        }

        DeclaredArms = declared;
        Router = Client("router");
        VariantA = Client("variant-a");
        Ui = Client("ui");
        TrackingUri = App.GetEndpoint("mlflow", "http");
        Mlflow = new MlflowClient(new HttpClient { BaseAddress = TrackingUri, Timeout = TimeSpan.FromSeconds(30) });
        Dashboard = new Dashboard(await App.GetDashboardUrlAsync(timeout.Token), DashboardApiKey);
        var config = await Router.GetFromJsonAsync<System.Text.Json.JsonElement>("/config", timeout.Token);
        ConfigArms = [.. config.GetProperty("config").GetProperty("arms").EnumerateArray()
            .Select(a => (a.GetProperty("name").GetString()!, a.GetProperty("alias").GetString()!, a.GetProperty("service").GetString()!))];
    }

    /// <summary>Hash weights in config order, one per arm: <paramref name="weightOf"/> of each arm's name.</summary>
    public double[] Weights(Func<string, double> weightOf) => [.. ConfigArms.Select(a => weightOf(a.Name))];

    /// <summary>The alias a running variant serves, as its <c>GET /model</c> says.</summary>
    private async Task<string> VariantAliasAsync(string resource, CancellationToken cancellationToken)
    {
        using var variant = Client(resource);
        var model = await variant.GetFromJsonAsync<System.Text.Json.JsonElement>("/model", cancellationToken);
        return model.GetProperty("alias").GetString()!;
    }

    /// <summary>An HTTP client for a resource's <c>http</c> endpoint (through Aspire's proxy, as users reach it).</summary>
    public HttpClient Client(string resource)
    {
        var client = App.CreateHttpClient(resource, "http");
        client.Timeout = TimeSpan.FromSeconds(30);
        return client;
    }

    /// <summary>
    /// Sets the live strategy through the Router's admin API (written back to the registry), waits until every replica
    /// serves that config version (the replica that took the call applies it at once; the other follows the registry
    /// alias within its poll interval), and clears the counters.
    /// </summary>
    public async Task UseStrategyAsync(string strategy, double[]? weights = null)
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, "/admin/strategy") { Content = JsonContent.Create(new { strategy, weights }) };
        put.Headers.Authorization = new("Bearer", AdminKey);
        using var answer = await Router.SendAsync(put);
        answer.EnsureSuccessStatusCode();
        var version = (await answer.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("version").GetString();
        await WaitForConfigEverywhereAsync(version!);

        using var reset = new HttpRequestMessage(HttpMethod.Post, "/admin/reset");
        reset.Headers.Authorization = new("Bearer", AdminKey);
        (await Router.SendAsync(reset)).EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Reads <c>/config</c> over a new connection each time (so Aspire's proxy spreads the reads over the replicas) until
    /// ten answers in a row carry <paramref name="version"/>.
    /// </summary>
    private async Task WaitForConfigEverywhereAsync(string version)
    {
        using var fresh = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { BaseAddress = Router.BaseAddress };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        for (var inARow = 0; inARow < 10;)
        {
            Assert.True(DateTime.UtcNow < deadline, $"not every Router replica serves config version {version} after 20 s");
            var config = await fresh.GetFromJsonAsync<System.Text.Json.JsonElement>("/config");
            inARow = config.GetProperty("version").GetString() == version ? inARow + 1 : 0;
            if (inARow == 0)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Runs one of Aspire's resource commands (<see cref="KnownResourceCommands"/>) and fails the test if it fails.</summary>
    public async Task CommandAsync(string resource, string command)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, command);
        Assert.True(result.Success, $"{command} {resource}: {result.Message}");
    }

    /// <summary>The ids of a resource's running instances (its replicas), as the orchestrator reports them.</summary>
    public async Task<IReadOnlyList<string>> ReplicaIdsAsync(string resource)
    {
        var expected = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resource)
            .Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1;
        var ids = new HashSet<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await foreach (var e in App.ResourceNotifications.WatchAsync(timeout.Token))
            {
                if (e.Resource.Name == resource && ids.Add(e.ResourceId) && ids.Count == expected)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return ids.Order().ToList();
    }

    public async Task DisposeAsync()
    {
        Router?.Dispose();
        VariantA?.Dispose();
        Ui?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

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
public sealed class SystemCollection : ICollectionFixture<AspireSystem>
{
    public const string Name = "system";
}
