using Bandit.TestSupport;
using Bandit.Mlflow;
using Bandit.Registry;

namespace Bandit.Ui.Tests.Support;

/// <summary>
/// One local registry (MLflow's REST API on a free loopback port, temporary data) seeded like the Trainer leaves it.
/// Tests that move aliases seed their own model names with <see cref="SeedFreshAsync"/>.
/// </summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    public LocalRegistryServer Server { get; } = new();

    public Uri TrackingUri => Server.TrackingUri;

    /// <summary>A plain client (no retry pipeline) for arranging and checking registry state.</summary>
    public MlflowClient Client { get; private set; } = null!;

    public SeededRegistry Seeded { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Server.StartAsync();
        Client = new MlflowClient(new HttpClient { BaseAddress = Server.TrackingUri });
        Seeded = await RegistrySeed.SeedAsync(Client);
    }

    /// <summary>Another policy model, router model and runs under fresh names (for tests that change aliases).</summary>
    public Task<SeededRegistry> SeedFreshAsync() => RegistrySeed.SeedAsync(Client, "_" + Guid.NewGuid().ToString("N")[..8]);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class UiCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "ui";
}
