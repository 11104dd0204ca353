using Bandit.Allocation;
using Bandit.Contracts.Flavors;
using Bandit.Mlflow;
using Bandit.Mlflow.Publishing;

namespace Bandit.Trainer.Tests.Publishing;

public sealed class ModelPublisherTests(RegistryFixture registry) : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("trainer-publish-").FullName;

    [Fact]
    public async Task PublishAsync_ModelFolder_RegistersVersionFromTheRunsModelArtifacts()
    {
        var model = RegistryFixture.Unique("publish_model");
        MlModelFile.Create("model", runId: null).Save(_folder);
        await File.WriteAllBytesAsync(Path.Combine(_folder, "model.zip"), [1, 2, 3]);
        var content = new RunContent
        {
            Params = new Dictionary<string, string> { ["seed"] = "7" },
            Metrics = new Dictionary<string, double> { ["auc"] = 0.75, ["nan_is_skipped"] = double.NaN },
            Tags = new Dictionary<string, string> { ["policy"] = "PolicyA" },
        };

        var published = await new ModelPublisher(registry.Client).PublishAsync(RegistryFixture.Unique("exp"), "PolicyA-test", _folder, model, content,
            new Dictionary<string, string> { ["bandit.fingerprint"] = "abc" });

        var run = await registry.Client.GetRunAsync(published.Run.Info.RunId);
        Assert.Equal(published.Run.Info.ArtifactUri + "/model", published.Version.Source);
        Assert.Equal(run.Info.RunId, published.Version.RunId);
        Assert.Contains(published.Version.Tags, t => t is { Key: "bandit.fingerprint", Value: "abc" });
        Assert.Equal(RunStatus.Finished, run.Info.Status);
        Assert.Contains(run.Data.Params, p => p is { Key: "seed", Value: "7" });
        Assert.Equal(["auc"], run.Data.Metrics.Select(m => m.Key));
        var mlModel = MlModelFile.Parse(System.Text.Encoding.UTF8.GetString(await registry.Client.DownloadArtifactAsync(run.Info.ArtifactUri!, "model/MLmodel")));
        Assert.Equal(run.Info.RunId, mlModel.RunId);
        Assert.Equal([1, 2, 3], await registry.Client.DownloadArtifactAsync(run.Info.ArtifactUri!, "model/model.zip"));
    }

    [Fact]
    public async Task PublishAsync_MissingFolder_ThrowsBeforeCreatingARun()
    {
        var experiment = RegistryFixture.Unique("exp");

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => new ModelPublisher(registry.Client)
            .PublishAsync(experiment, "run", Path.Combine(_folder, "missing"), RegistryFixture.Unique("m"), new RunContent()));

        Assert.Null(await registry.Client.GetExperimentByNameAsync(experiment));
    }

    [Fact]
    public async Task PublishFilesAsync_DefaultRouterConfig_RegistersVersionAndPointsAlias()
    {
        var model = RegistryFixture.Unique("router_model");

        var published = await new ModelPublisher(registry.Client).PublishFilesAsync(RegistryFixture.Unique("router_exp"), "router-test",
            RouterConfigFlavor.Files(RouterConfig.Default.ToJson()), RouterConfigFlavor.Flavors(), model, alias: "router");

        var aliased = await registry.Client.GetModelVersionByAliasAsync(model, "router");
        Assert.Equal(published.Version.Version, aliased.Version);
        var download = Path.Combine(_folder, "download");
        await registry.Client.DownloadModelAsync($"models:/{model}@router", download);
        Assert.Equal(RouterConfig.Default, RouterConfig.Parse(await File.ReadAllTextAsync(Path.Combine(download, "router_config.json"))));
        var flavor = MlModelFile.Load(download).Flavors["bandit_router"];
        Assert.Equal("router_config.json", flavor["config_file"]?.ToString());
        Assert.Equal("1", flavor["schema_version"]?.ToString());
    }

    [Fact]
    public async Task LogRunAsync_FileAndFolderArtifacts_AreUploadedUnderTheirPaths()
    {
        var plots = Directory.CreateDirectory(Path.Combine(_folder, "plots")).FullName;
        await File.WriteAllTextAsync(Path.Combine(plots, "roc.png"), "png");
        var report = Path.Combine(_folder, "report.md");
        await File.WriteAllTextAsync(report, "# report");

        var run = await new ModelPublisher(registry.Client).LogRunAsync(RegistryFixture.Unique("exp"), "comparison",
            new RunContent { Artifacts = [new ArtifactUpload(report, "report.md"), new ArtifactUpload(plots, "plots")] });

        Assert.Equal("# report", System.Text.Encoding.UTF8.GetString(await registry.Client.DownloadArtifactAsync(run.Info.ArtifactUri!, "report.md")));
        Assert.Equal("png", System.Text.Encoding.UTF8.GetString(await registry.Client.DownloadArtifactAsync(run.Info.ArtifactUri!, "plots/roc.png")));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
