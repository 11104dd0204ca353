namespace Bandit.Mlflow.ContractTests;

/// <summary>Restarting the local registry (same data folder and port) keeps every model, version, alias, run and artifact.</summary>
public sealed class DurabilityTests(LocalRegistryFixture registry) : IClassFixture<LocalRegistryFixture>
{
    [LocalRegistryFact("it restarts the server")]
    public async Task Restart_KeepsModelsVersionsAliasesRunsAndArtifacts()
    {
        await using var services = MlflowServerFixture.NewServices(registry.TrackingUri);
        var client = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<MlflowClient>(services);
        var run = await TestData.NewRunAsync(client, "durable");
        await client.LogBatchAsync(run.Info.RunId, [new Metric("auc", 0.75, 1000, 0)], [new Param("lr", "0.1")], [new RunTag("t", "v")]);
        var blob = TestData.RandomBytes(10_000, seed: 4);
        await client.UploadArtifactAsync(run.Info.ArtifactUri!, "model/model.zip", blob);
        var (name, _) = await TestData.NewModelAsync(client, versions: 2);
        await client.SetAliasAsync(name, "PolicyA", "1");
        await client.SetAliasAsync(name, "PolicyB", "2");
        await client.SetModelVersionTagAsync(name, "2", "validated", "yes");
        var port = registry.Server.Port;

        await registry.RestartAsync();

        Assert.Equal(port, registry.Server.Port);
        Assert.Equal("1", (await client.GetModelVersionByAliasAsync(name, "PolicyA")).Version);
        Assert.Equal("2", (await client.GetModelVersionByAliasAsync(name, "PolicyB")).Version);
        Assert.Contains(new ModelVersionTag("validated", "yes"), (await client.GetModelVersionAsync(name, "2")).Tags);
        Assert.Equal(2, (await client.SearchAllModelVersionsAsync(name)).Count);
        var reread = await client.GetRunAsync(run.Info.RunId);
        Assert.Equal([new Metric("auc", 0.75, 1000, 0)], reread.Data.Metrics);
        Assert.Contains(new Param("lr", "0.1"), reread.Data.Params);
        Assert.Equal(blob, await client.DownloadArtifactAsync(run.Info.ArtifactUri!, "model/model.zip"));
        Assert.Equal("3", (await client.CreateModelVersionAsync(name, run.Info.ArtifactUri + "/model")).Version);
    }
}
