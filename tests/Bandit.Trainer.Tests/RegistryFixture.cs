using Bandit.TestSupport;
using Bandit.Mlflow;
using Bandit.Registry;

namespace Bandit.Trainer.Tests;

/// <summary>A local registry (MLflow's REST API on a free loopback port, temporary data folder) and a plain client.</summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    public LocalRegistryServer Server { get; } = new();

    public MlflowClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Server.StartAsync();
        Client = new MlflowClient(new HttpClient { BaseAddress = Server.TrackingUri });
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A name no other test uses.</summary>
    public static string Unique(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..10];
}
