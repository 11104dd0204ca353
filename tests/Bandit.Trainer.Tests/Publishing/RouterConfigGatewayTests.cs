using System.Text;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Contracts.Flavors;
using Bandit.Mlflow;
using Bandit.Mlflow.Publishing;
using Bandit.Trainer.Cli;
using Bandit.Trainer.Publishing;

namespace Bandit.Trainer.Tests.Publishing;

/// <summary>
/// The router config follows the arms the AppHost declares (<c>--arms</c>): registered when missing, left alone when
/// it has the same arms (the operator's strategy and weights stay) or when no arms are given, given a new version when
/// the arm set changed.
/// Each test class gets its own registry, so the fixed name <c>movielens_ctr_router</c> is this class's alone.
/// </summary>
public sealed class RouterConfigGatewayTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task EnsureRouterConfig_MissingThenSameThenMoreArms_RegistersKeepsThenReplacesTheArmsKeepingTheStrategy()
    {
        var gateway = new RegistryGateway(registry.Client);
        var two = ArmList.Parse("PolicyA=variant-a,PolicyB=variant-b");
        var three = ArmList.Parse("PolicyA=variant-a,PolicyB=variant-b,PolicyC=variant-c");

        var first = await gateway.EnsureRouterConfigAsync(two, CancellationToken.None);
        var v1 = await LiveAsync();
        Assert.Contains("set to v1 (default config", first);
        Assert.Equal(RouterConfig.Default with { Arms = two }, v1.Config);

        // The operator switches the strategy (as PUT /admin/strategy does: a new version under the alias).
        await new ModelPublisher(registry.Client).PublishFilesAsync(RegistryNames.RouterExperiment, "operator",
            RouterConfigFlavor.Files(v1.Config.WithStrategy(StrategyNames.Ucb1).ToJson()), RouterConfigFlavor.Flavors(), RegistryNames.RouterModel, null, RegistryNames.RouterAlias);
        var same = await gateway.EnsureRouterConfigAsync(two, CancellationToken.None);
        Assert.Contains("exists (v2, arms PolicyA=variant-a,PolicyB=variant-b): left as is", same);
        Assert.Equal("2", (await LiveAsync()).Version);

        // A Trainer run by hand, without --arms, leaves the live config alone.
        Assert.Contains("exists (v2): left as is (no --arms given)", await gateway.EnsureRouterConfigAsync(null, CancellationToken.None));

        var grown = await gateway.EnsureRouterConfigAsync(three, CancellationToken.None);
        var v3 = await LiveAsync();
        Assert.Contains("set to v3 (arms PolicyA=variant-a,PolicyB=variant-b of v2 replaced, ucb1 kept", grown);
        Assert.Equal(("3", StrategyNames.Ucb1), (v3.Version, v3.Config.Strategy));
        Assert.Equal(three, v3.Config.Arms);
        Assert.NotEqual(v1.Config.ExperimentKey, v3.Config.ExperimentKey);
    }

    private async Task<(string Version, RouterConfig Config)> LiveAsync()
    {
        var version = await registry.Client.GetModelVersionByAliasAsync(RegistryNames.RouterModel, RegistryNames.RouterAlias);
        var resolved = await registry.Client.ResolveModelUriAsync($"{ModelUri.Prefix}{RegistryNames.RouterModel}/{version.Version}");
        var mlmodel = MlModelFile.Parse(Encoding.UTF8.GetString(await registry.Client.DownloadArtifactAsync(resolved.ArtifactUri, MlModelFile.FileName)));
        var json = Encoding.UTF8.GetString(await registry.Client.DownloadArtifactAsync(resolved.ArtifactUri, RouterConfigFlavor.ConfigFileOf(mlmodel.Flavors)));
        return (version.Version, RouterConfig.Parse(json));
    }
}
