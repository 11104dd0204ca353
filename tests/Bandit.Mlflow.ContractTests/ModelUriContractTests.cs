namespace Bandit.Mlflow.ContractTests;

[Collection(MlflowServerCollection.Name)]
public sealed class ModelUriContractTests(MlflowServerFixture server) : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("mlflow-model-").FullName;

    private MlflowClient Client => server.Client;

    [Fact]
    public async Task DownloadModel_ByAlias_FetchesTheWholeMultiFileModelFolder()
    {
        var run = await TestData.NewRunAsync(Client, "train");
        var name = MlflowServerFixture.Unique("ctr");
        var local = Path.Combine(_temp, "model");
        var mlmodel = MlModelFile.Create("model", run.Info.RunId);
        mlmodel.Flavors["mlnet"] = new() { ["model_file"] = "model.zip", ["framework"] = "ML.NET" };
        mlmodel.Signature = new MlModelSignature { Inputs = "[{\"type\": \"double\", \"name\": \"x\"}]", Outputs = "[{\"type\": \"double\"}]" };
        mlmodel.Save(local);
        var zip = TestData.RandomBytes(200_000, seed: 3);
        File.WriteAllBytes(Path.Combine(local, "model.zip"), zip);
        Directory.CreateDirectory(Path.Combine(local, "extra"));
        File.WriteAllText(Path.Combine(local, "extra", "features.json"), "{\"k\": 10}");
        await Client.UploadDirectoryAsync(run.Info.ArtifactUri!, local, "model");
        await Client.CreateRegisteredModelAsync(name);
        var version = await Client.CreateModelVersionAsync(name, run.Info.ArtifactUri + "/model", run.Info.RunId);
        await Client.SetAliasAsync(name, "PolicyA", version.Version);

        var (resolved, path) = await Client.DownloadModelAsync($"models:/{name}@PolicyA", Path.Combine(_temp, "downloaded"));

        Assert.Equal(version.Version, resolved.Version);
        Assert.Equal(zip, File.ReadAllBytes(Path.Combine(path, "model.zip")));
        Assert.Equal("{\"k\": 10}", File.ReadAllText(Path.Combine(path, "extra", "features.json")));
        var read = MlModelFile.Load(path);
        Assert.Equal(run.Info.RunId, read.RunId);
        Assert.Equal("model.zip", read.Flavors["mlnet"]["model_file"]);
        Assert.Equal(mlmodel.Signature.Inputs, read.Signature!.Inputs);
    }

    [Fact]
    public async Task ResolveModelUri_VersionAliasAndLatest_PointAtTheRightVersions()
    {
        var (name, run) = await TestData.NewModelAsync(Client, versions: 3);
        await Client.SetAliasAsync(name, "router", "2");

        var byVersion = await Client.ResolveModelUriAsync($"models:/{name}/1");
        var byAlias = await Client.ResolveModelUriAsync($"models:/{name}@router");
        var latest = await Client.ResolveModelUriAsync($"models:/{name}/latest");

        Assert.Equal("1", byVersion.Version.Version);
        Assert.Equal("2", byAlias.Version.Version);
        Assert.Equal("3", latest.Version.Version);
        Assert.Equal(run.Info.ArtifactUri + "/model", byAlias.ArtifactUri);
    }

    [Fact]
    public async Task ResolveModelUri_MissingAlias_Is400InvalidParameterValue()
    {
        var (name, _) = await TestData.NewModelAsync(Client, versions: 1);

        var error = await Assert.ThrowsAsync<MlflowException>(() => Client.ResolveModelUriAsync($"models:/{name}@nobody"));

        Assert.True(error.IsInvalidParameter);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
