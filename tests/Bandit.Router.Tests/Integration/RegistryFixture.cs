using Bandit.TestSupport;
using Bandit.Allocation;
using Bandit.Contracts.Flavors;
using Bandit.Mlflow;
using Bandit.Registry;
using Bandit.Mlflow.Publishing;
using Bandit.Router.Tests.Support;

namespace Bandit.Router.Tests.Integration;

/// <summary>The local MLflow-compatible registry on a free port and two fake variants, shared by a test class.</summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    public LocalRegistryServer Registry { get; } = new();

    public VariantPair Variants { get; } = new();

    public MlflowClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Registry.StartAsync();
        await Variants.InitializeAsync();
        Client = new MlflowClient(new HttpClient { BaseAddress = Registry.TrackingUri });
    }

    public async Task DisposeAsync()
    {
        await Variants.DisposeAsync();
        await Registry.DisposeAsync();
    }

    /// <summary>Registers <paramref name="config"/> as a new version of <paramref name="model"/> and moves <c>router</c> to it, as the Trainer does.</summary>
    public async Task<string> PublishAsync(string model, RouterConfig config) =>
        (await new ModelPublisher(Client).PublishFilesAsync(model, "test", RouterConfigFlavor.Files(config.ToJson()), RouterConfigFlavor.Flavors(), model, alias: "router")).Version.Version;

    /// <summary>
    /// Registers versions of <paramref name="model"/> (their runs under <paramref name="experiment"/>): PolicyA → version 1,
    /// PolicyB → version 2, and with <paramref name="spareVersion"/> a version 3 no alias points at.
    /// </summary>
    public async Task SeedPoliciesAsync(string model, string experiment, bool spareVersion = false)
    {
        var experimentId = await Client.GetOrCreateExperimentAsync(experiment);
        await Client.GetOrCreateRegisteredModelAsync(model);
        foreach (var alias in spareVersion ? new[] { "PolicyA", "PolicyB", null } : ["PolicyA", "PolicyB"])
        {
            var run = await Client.CreateRunAsync(experimentId, alias ?? "spare");
            var version = await Client.CreateModelVersionAsync(model, run.Info.ArtifactUri + "/model", run.Info.RunId);
            if (alias is not null)
            {
                await Client.SetAliasAsync(model, alias, version.Version);
            }
        }
    }

    /// <summary>Settings of a Router that follows <paramref name="model"/>@router on this registry.</summary>
    public RouterSettings RouterFollowing(string model) => new RouterSettings()
        .WithVariants(Variants.A, Variants.B)
        .Set("MLFLOW_TRACKING_URI", Registry.TrackingUri.ToString())
        .Set("Router:ConfigModel", model)
        .Set("Router:ConfigPollInterval", "00:00:00.200");
}
