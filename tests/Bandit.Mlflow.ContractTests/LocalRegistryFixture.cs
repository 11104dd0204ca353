using Bandit.TestSupport;
using Bandit.Registry;

namespace Bandit.Mlflow.ContractTests;

/// <summary>
/// A thin xunit wrapper over <see cref="LocalRegistryServer"/>: its own registry on a free loopback port with
/// a temporary data folder, restartable on the same port and folder. Other test projects can copy this or
/// use <see cref="LocalRegistryServer"/> directly.
/// </summary>
public sealed class LocalRegistryFixture : IAsyncLifetime
{
    public LocalRegistryServer Server { get; } = new();

    public Uri TrackingUri => Server.TrackingUri;

    public Task InitializeAsync() => Server.StartAsync();

    public Task RestartAsync() => Server.RestartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
