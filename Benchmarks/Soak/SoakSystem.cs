using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Bandit.Contracts;
using Microsoft.Extensions.Hosting;

namespace Bandit.Benchmarks.Soak;

/// <summary>
/// The whole system for the soak, started by the real AppHost through <c>Aspire.Hosting.Testing</c> (redis-server with
/// its append-only file, the bundled registry, Trainer, variants, two Router replicas, Ui) with its own data folder;
/// faults are Aspire's own resource commands: stop, then start, exactly what a user clicks in the dashboard.
/// </summary>
internal sealed class SoakSystem : IAsyncDisposable
{
    private readonly DistributedApplication _app;

    private SoakSystem(DistributedApplication app, string dataDir)
    {
        _app = app;
        DataDir = dataDir;
    }

    public string DataDir { get; }

    public Uri RouterUrl => _app.GetEndpoint(ResourceNames.Router, "http");

    public Uri VariantAUrl => _app.GetEndpoint(ResourceNames.VariantA, "http");

    public Uri VariantBUrl => _app.GetEndpoint(ResourceNames.VariantB, "http");

    public static async Task<SoakSystem> StartAsync(string dataDir, CancellationToken cancellationToken)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Bandit_AppHost>(
            [
                "--Infrastructure:Redis=executable",
                "--Infrastructure:Mlflow=bundled",
                $"--Infrastructure:DataDir={dataDir}",
                "--Trainer:Args=--folds 2 --bootstrap 100",
                "--Parameters:router-admin-key=" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
            ],
            // The services' logs stay in the orchestrator (and the dashboard, were it on), not on the soak's console.
            (options, _) => options.EnableResourceLogging = false,
            cancellationToken);
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project)
                .WithEnvironment(ConfigurationKeys.EnvironmentVariable(ConfigurationKeys.Variant.PollInterval), "00:00:02")
                .WithEnvironment(ConfigurationKeys.EnvironmentVariable(ConfigurationKeys.Router.ConfigPollInterval), "00:00:02")
                .WithEnvironment("Logging__LogLevel__Microsoft.AspNetCore", "Warning");
        }

        var app = await builder.BuildAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        await app.ResourceNotifications.WaitForResourceAsync(ResourceNames.Trainer, KnownResourceStates.Finished, cancellationToken);
        // Every arm the AppHost declares (variant-a, variant-b, variant-c, …), not a fixed pair.
        var variants = builder.Resources.OfType<ProjectResource>().Select(r => r.Name).Where(n => n.StartsWith("variant-", StringComparison.Ordinal));
        foreach (var resource in new[] { ResourceNames.Redis, ResourceNames.Mlflow }.Concat(variants).Concat([ResourceNames.Router, ResourceNames.Ui]))
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken);
        }

        return new SoakSystem(app, dataDir);
    }

    /// <summary>The Redis connection string the Router got.</summary>
    public Task<string?> RedisConnectionStringAsync(CancellationToken cancellationToken) =>
        _app.GetConnectionStringAsync("redis", cancellationToken).AsTask();

    /// <summary>Stops a resource with Aspire's stop command (SIGINT, then SIGKILL past the orchestrator's grace period).</summary>
    public Task StopResourceAsync(string resource, CancellationToken cancellationToken) =>
        CommandAsync(resource, KnownResourceCommands.StopCommand, cancellationToken);

    /// <summary>Starts a stopped resource with Aspire's start command and waits until it is healthy.</summary>
    public async Task StartResourceAsync(string resource, CancellationToken cancellationToken)
    {
        await CommandAsync(resource, KnownResourceCommands.StartCommand, cancellationToken);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken);
    }

    private async Task CommandAsync(string resource, string command, CancellationToken cancellationToken)
    {
        var result = await _app.ResourceCommands.ExecuteCommandAsync(resource, command, cancellationToken);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{command} {resource}: {result.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
