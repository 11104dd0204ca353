using Bandit.TestSupport;
using Bandit.Registry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bandit.Mlflow.ContractTests;

/// <summary>
/// The MLflow server the contract suite runs against: the server at <c>MLFLOW_TRACKING_URI</c> when that
/// variable is set (a stock MLflow, shared: every test uses unique names), otherwise the local registry
/// started in-process on a free loopback port with a temporary data folder. Tests reach it only through
/// real HTTP: <see cref="Client"/> (built by <c>AddMlflowClient</c>, as services build it) or <see cref="Http"/>.
/// </summary>
public sealed class MlflowServerFixture : IAsyncLifetime
{
    public const string TrackingUriVariable = "MLFLOW_TRACKING_URI";

    private ServiceProvider? _services;

    /// <summary>The external server's URI, or null when the suite runs against the local registry.</summary>
    public static string? ExternalTrackingUri => Environment.GetEnvironmentVariable(TrackingUriVariable) is { Length: > 0 } uri ? uri : null;

    public static bool IsLocal => ExternalTrackingUri is null;

    /// <summary>The in-process registry (null against an external server).</summary>
    public LocalRegistryServer? Local { get; private set; }

    public Uri TrackingUri { get; private set; } = null!;

    public MlflowClient Client { get; private set; } = null!;

    /// <summary>A plain HttpClient on the tracking URI, for wire-level checks the typed client would not send.</summary>
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (IsLocal)
        {
            Local = new LocalRegistryServer();
            await Local.StartAsync();
            TrackingUri = Local.TrackingUri;
        }
        else
        {
            TrackingUri = new Uri(ExternalTrackingUri!.TrimEnd('/') + "/");
        }

        _services = NewServices(TrackingUri);
        Client = _services.GetRequiredService<MlflowClient>();
        Http = new HttpClient { BaseAddress = TrackingUri, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The DI container a service would have: configuration with MLFLOW_TRACKING_URI and <c>AddMlflowClient</c>.</summary>
    public static ServiceProvider NewServices(Uri trackingUri, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [MlflowServiceCollectionExtensions.TrackingUriKey] = trackingUri.ToString() })
            .Build();
        var services = new ServiceCollection();
        services.AddMlflowClient(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>A name no other test (or earlier run on a shared server) uses.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (Local is not null)
        {
            await Local.DisposeAsync();
        }
    }
}

/// <summary>Every server-facing test class shares one server (and runs one class at a time).</summary>
[CollectionDefinition(Name)]
public sealed class MlflowServerCollection : ICollectionFixture<MlflowServerFixture>
{
    public const string Name = "MLflow server";
}

/// <summary>A test that needs the in-process local registry (it restarts it, or checks a local-only behaviour).</summary>
public sealed class LocalRegistryFactAttribute : FactAttribute
{
    public LocalRegistryFactAttribute(string reason)
    {
        if (!MlflowServerFixture.IsLocal)
        {
            Skip = $"Local registry only ({reason}): MLFLOW_TRACKING_URI points at an external server.";
        }
    }
}

/// <summary>A theory that needs the in-process local registry (its own limits or its 4xx-instead-of-500 choices).</summary>
public sealed class LocalRegistryTheoryAttribute : TheoryAttribute
{
    public LocalRegistryTheoryAttribute(string reason)
    {
        if (!MlflowServerFixture.IsLocal)
        {
            Skip = $"Local registry only ({reason}): MLFLOW_TRACKING_URI points at an external server.";
        }
    }
}
