using System.Net;

namespace Bandit.Mlflow.ContractTests;

[Collection(MlflowServerCollection.Name)]
public sealed class RegisteredModelsContractTests(MlflowServerFixture server)
{
    private MlflowClient Client => server.Client;

    [Fact]
    public async Task CreateRegisteredModel_WithDescriptionAndTags_GetReturnsThem()
    {
        var name = MlflowServerFixture.Unique("model");

        var created = await Client.CreateRegisteredModelAsync(name, "CTR models", [new RegisteredModelTag("owner", "ml")]);
        var fetched = await Client.GetRegisteredModelAsync(name);

        Assert.Equal(name, created.Name);
        Assert.NotNull(fetched);
        Assert.Equal("CTR models", fetched.Description);
        Assert.Equal([new RegisteredModelTag("owner", "ml")], fetched.Tags);
        Assert.Empty(fetched.LatestVersions);
        Assert.Empty(fetched.Aliases);
        Assert.True(fetched.CreationTimestamp > 0);
    }

    [Fact]
    public async Task CreateRegisteredModel_Duplicate_Is400ResourceAlreadyExists()
    {
        var name = MlflowServerFixture.Unique("model");
        await Client.CreateRegisteredModelAsync(name);

        var error = await Assert.ThrowsAsync<MlflowException>(() => Client.CreateRegisteredModelAsync(name));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(MlflowErrorCodes.ResourceAlreadyExists, error.ErrorCode);
    }

    [Fact]
    public async Task GetRegisteredModel_Missing_IsNull_AndGetOrCreateCreatesIt()
    {
        var name = MlflowServerFixture.Unique("model");

        Assert.Null(await Client.GetRegisteredModelAsync(name));
        var created = await Client.GetOrCreateRegisteredModelAsync(name);
        var again = await Client.GetOrCreateRegisteredModelAsync(name);

        Assert.Equal(name, created.Name);
        Assert.Equal(created.CreationTimestamp, again.CreationTimestamp);
    }

    [Fact]
    public async Task SearchRegisteredModels_ByExactName_FindsOnlyThatModel()
    {
        var (name, _) = await TestData.NewModelAsync(Client, versions: 2);

        var page = await Client.SearchRegisteredModelsAsync($"name = '{name}'");

        var model = Assert.Single(page.RegisteredModels);
        Assert.Equal(name, model.Name);
        Assert.Equal("2", Assert.Single(model.LatestVersions).Version);
        Assert.Null(page.NextPageToken);
    }

    [Fact]
    public async Task CreateModelVersion_FromRunArtifacts_IsReadyWithSourceRunAndTags()
    {
        var run = await TestData.NewRunAsync(Client);
        var name = MlflowServerFixture.Unique("model");
        await Client.CreateRegisteredModelAsync(name);
        var source = run.Info.ArtifactUri + "/model";

        var version = await Client.CreateModelVersionAsync(name, source, run.Info.RunId, [new ModelVersionTag("policy", "A")], "first");

        Assert.Equal("1", version.Version);
        Assert.Equal(ModelVersionStatus.Ready, version.Status);
        Assert.Equal(source, version.Source);
        Assert.Equal(run.Info.RunId, version.RunId);
        Assert.Equal("first", version.Description);
        Assert.Equal([new ModelVersionTag("policy", "A")], version.Tags);
        Assert.Equal(version, await Client.GetModelVersionAsync(name, "1"), ModelVersionComparer.Instance);
        Assert.Equal(source, await Client.GetDownloadUriAsync(name, "1"));
    }

    [Fact]
    public async Task CreateModelVersion_MissingModel_Is404()
    {
        var error = await Assert.ThrowsAsync<MlflowException>(() => Client.CreateModelVersionAsync(MlflowServerFixture.Unique("missing"), "mlflow-artifacts:/0/x/artifacts/model"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(MlflowErrorCodes.ResourceDoesNotExist, error.ErrorCode);
    }

    [Theory]
    [InlineData("relative/local/path")]
    [InlineData("/absolute/local/path")]
    [InlineData("mlflow-artifacts:/0/../../etc")]
    public async Task CreateModelVersion_LocalOrRelativeSource_Is400(string source)
    {
        var (name, _) = await TestData.NewModelAsync(Client, versions: 0);

        var error = await Assert.ThrowsAsync<MlflowException>(() => Client.CreateModelVersionAsync(name, source));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.True(error.IsInvalidParameter);
    }

    [Fact]
    public async Task GetModelVersion_MissingOrNonNumeric_Is404Or400()
    {
        var (name, _) = await TestData.NewModelAsync(Client, versions: 1);

        var missing = await Assert.ThrowsAsync<MlflowException>(() => Client.GetModelVersionAsync(name, "99"));
        var nonNumeric = await Assert.ThrowsAsync<MlflowException>(() => Client.GetModelVersionAsync(name, "one"));
        var downloadMissing = await Assert.ThrowsAsync<MlflowException>(() => Client.GetDownloadUriAsync(name, "99"));

        Assert.Equal((HttpStatusCode.NotFound, MlflowErrorCodes.ResourceDoesNotExist), (missing.StatusCode, missing.ErrorCode));
        Assert.Equal((HttpStatusCode.BadRequest, MlflowErrorCodes.InvalidParameterValue), (nonNumeric.StatusCode, nonNumeric.ErrorCode));
        Assert.True(downloadMissing.IsNotFound);
    }

    [Fact]
    public async Task SearchModelVersions_SmallPages_FollowTokensToEveryVersion()
    {
        var (name, _) = await TestData.NewModelAsync(Client, versions: 5);

        var first = await Client.SearchModelVersionsAsync(MlflowClient.NameFilter(name), 2, ["version_number ASC"]);
        var second = await Client.SearchModelVersionsAsync(MlflowClient.NameFilter(name), 2, ["version_number ASC"], first.NextPageToken);
        var third = await Client.SearchModelVersionsAsync(MlflowClient.NameFilter(name), 2, ["version_number ASC"], second.NextPageToken);
        var all = await Client.SearchAllModelVersionsAsync(name, pageSize: 2);

        Assert.Equal(["1", "2", "3", "4", "5"], first.ModelVersions.Concat(second.ModelVersions).Concat(third.ModelVersions).Select(v => v.Version));
        Assert.NotNull(first.NextPageToken);
        Assert.Null(third.NextPageToken);
        Assert.Equal(["5", "4", "3", "2", "1"], all.Select(v => v.Version));
    }

    [Fact]
    public async Task SearchModelVersions_NoMatch_IsEmpty_AndBadTokenIs400()
    {
        var empty = await Client.SearchModelVersionsAsync(MlflowClient.NameFilter(MlflowServerFixture.Unique("none")));
        var error = await Assert.ThrowsAsync<MlflowException>(() => Client.SearchModelVersionsAsync(MlflowClient.NameFilter("x"), pageToken: "not-a-token!"));

        Assert.Empty(empty.ModelVersions);
        Assert.Null(empty.NextPageToken);
        Assert.True(error.IsInvalidParameter);
    }

    [Fact]
    public async Task SetModelVersionTag_ShowsOnGetAndMissingVersionIs404()
    {
        var (name, _) = await TestData.NewModelAsync(Client, versions: 1);

        await Client.SetModelVersionTagAsync(name, "1", "validated", "true");
        var error = await Assert.ThrowsAsync<MlflowException>(() => Client.SetModelVersionTagAsync(name, "7", "k", "v"));

        Assert.Contains(new ModelVersionTag("validated", "true"), (await Client.GetModelVersionAsync(name, "1")).Tags);
        Assert.True(error.IsNotFound);
    }

    [Fact]
    public async Task CreateModelVersion_EightConcurrentWriters_GetDistinctConsecutiveVersions()
    {
        var (name, run) = await TestData.NewModelAsync(Client, versions: 0);

        var versions = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Client.CreateModelVersionAsync(name, run.Info.ArtifactUri + "/model", run.Info.RunId)));

        Assert.Equal(Enumerable.Range(1, 8), versions.Select(v => v.VersionNumber).Order());
        Assert.Equal(8, (await Client.SearchAllModelVersionsAsync(name)).Count);
    }
}

/// <summary>Compares what both reads of a version must agree on (aliases may differ by when they were read).</summary>
internal sealed class ModelVersionComparer : IEqualityComparer<ModelVersion>
{
    public static readonly ModelVersionComparer Instance = new();

    public bool Equals(ModelVersion? x, ModelVersion? y) =>
        x is not null && y is not null && (x.Name, x.Version, x.Source, x.RunId, x.Status, x.CreationTimestamp) == (y.Name, y.Version, y.Source, y.RunId, y.Status, y.CreationTimestamp)
        && x.Tags.SequenceEqual(y.Tags);

    public int GetHashCode(ModelVersion obj) => HashCode.Combine(obj.Name, obj.Version);
}
