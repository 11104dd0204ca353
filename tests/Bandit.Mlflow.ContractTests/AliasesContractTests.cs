using System.Net;

namespace Bandit.Mlflow.ContractTests;

[Collection(MlflowServerCollection.Name)]
public sealed class AliasesContractTests(MlflowServerFixture server)
{
    private MlflowClient Client => server.Client;

    [Fact]
    public async Task SetAlias_ThenGetByAlias_ReturnsThatVersionListingTheAlias()
    {
        var (name, _) = await TestData.NewModelAsync(Client, versions: 2);

        await Client.SetAliasAsync(name, "PolicyA", "1");
        var version = await Client.GetModelVersionByAliasAsync(name, "PolicyA");
        var model = await Client.GetRegisteredModelAsync(name);

        Assert.Equal("1", version.Version);
        Assert.Equal(["PolicyA"], version.Aliases);
        Assert.Equal([new RegisteredModelAlias("PolicyA", "1")], model!.Aliases);
    }

    [Fact]
    public async Task SetAlias_Again_MovesItToTheNewVersion()
    {
        var (name, _) = await TestData.NewModelAsync(Client, versions: 2);
        await Client.SetAliasAsync(name, "champion", "1");

        await Client.SetAliasAsync(name, "champion", "2");

        Assert.Equal("2", (await Client.GetModelVersionByAliasAsync(name, "champion")).Version);
        Assert.Empty((await Client.GetModelVersionAsync(name, "1")).Aliases);
        Assert.Equal(["champion"], (await Client.GetModelVersionAsync(name, "2")).Aliases);
    }

    [Fact]
    public async Task GetByAlias_Missing_Is400InvalidParameterValue_AndTryGetIsNull()
    {
        var (name, _) = await TestData.NewModelAsync(Client, versions: 1);

        var error = await Assert.ThrowsAsync<MlflowException>(() => Client.GetModelVersionByAliasAsync(name, "nobody"));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(MlflowErrorCodes.InvalidParameterValue, error.ErrorCode);
        Assert.Null(await Client.TryGetModelVersionByAliasAsync(name, "nobody"));
        Assert.Null(await Client.TryGetModelVersionByAliasAsync(MlflowServerFixture.Unique("no-model"), "nobody"));
    }

    [Fact]
    public async Task DeleteAlias_RemovesIt_AndDeletingAgainIsFine()
    {
        var (name, _) = await TestData.NewModelAsync(Client, versions: 1);
        await Client.SetAliasAsync(name, "staging", "1");

        await Client.DeleteAliasAsync(name, "staging");
        await Client.DeleteAliasAsync(name, "staging");

        Assert.Null(await Client.TryGetModelVersionByAliasAsync(name, "staging"));
        Assert.Empty((await Client.GetRegisteredModelAsync(name))!.Aliases);
    }

    [Fact]
    public async Task DeleteAlias_MissingModel_Is404()
    {
        var error = await Assert.ThrowsAsync<MlflowException>(() => Client.DeleteAliasAsync(MlflowServerFixture.Unique("no-model"), "x"));

        Assert.True(error.IsNotFound);
    }

    [Fact]
    public async Task SetAlias_MissingVersionOrModel_Is404()
    {
        var (name, _) = await TestData.NewModelAsync(Client, versions: 1);

        var missingVersion = await Assert.ThrowsAsync<MlflowException>(() => Client.SetAliasAsync(name, "x", "9"));
        var missingModel = await Assert.ThrowsAsync<MlflowException>(() => Client.SetAliasAsync(MlflowServerFixture.Unique("no-model"), "x", "1"));

        Assert.Equal((HttpStatusCode.NotFound, MlflowErrorCodes.ResourceDoesNotExist), (missingVersion.StatusCode, missingVersion.ErrorCode));
        Assert.True(missingModel.IsNotFound);
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("LATEST")]
    [InlineData("Latest")]
    [InlineData("v1")]
    [InlineData("V12")]
    [InlineData("v007")]
    public async Task SetAlias_ReservedName_Is400(string alias)
    {
        var (name, _) = await TestData.NewModelAsync(Client, versions: 1);

        var error = await Assert.ThrowsAsync<MlflowException>(() => Client.SetAliasAsync(name, alias, "1"));

        Assert.Equal((HttpStatusCode.BadRequest, MlflowErrorCodes.InvalidParameterValue), (error.StatusCode, error.ErrorCode));
        Assert.Contains("reserved", error.MlflowMessage);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("slash/alias")]
    [InlineData("dot.alias")]
    [InlineData("at@alias")]
    public async Task SetAlias_InvalidCharacters_Is400(string alias)
    {
        var (name, _) = await TestData.NewModelAsync(Client, versions: 1);

        var error = await Assert.ThrowsAsync<MlflowException>(() => Client.SetAliasAsync(name, alias, "1"));

        Assert.Equal((HttpStatusCode.BadRequest, MlflowErrorCodes.InvalidParameterValue), (error.StatusCode, error.ErrorCode));
    }

    [Fact]
    public async Task SetAlias_LongerThan255_Is400_And255IsFine()
    {
        var (name, _) = await TestData.NewModelAsync(Client, versions: 1);

        await Client.SetAliasAsync(name, new string('a', 255), "1");
        var error = await Assert.ThrowsAsync<MlflowException>(() => Client.SetAliasAsync(name, new string('a', 256), "1"));

        Assert.True(error.IsInvalidParameter);
    }

    [Fact]
    public async Task Aliases_AreCaseSensitive_AndVLikeNamesThatAreNotVersionsAreAllowed()
    {
        var (name, _) = await TestData.NewModelAsync(Client, versions: 2);

        await Client.SetAliasAsync(name, "Champ", "1");
        await Client.SetAliasAsync(name, "champ", "2");
        await Client.SetAliasAsync(name, "v1x", "2");

        Assert.Equal("1", (await Client.GetModelVersionByAliasAsync(name, "Champ")).Version);
        Assert.Equal("2", (await Client.GetModelVersionByAliasAsync(name, "champ")).Version);
        Assert.Null(await Client.TryGetModelVersionByAliasAsync(name, "CHAMP"));
        Assert.Equal("2", (await Client.GetModelVersionByAliasAsync(name, "v1x")).Version);
    }

    [Fact]
    public async Task GetByAlias_Latest_IsTheHighestVersion()
    {
        var (name, _) = await TestData.NewModelAsync(Client, versions: 3);

        Assert.Equal("3", (await Client.GetModelVersionByAliasAsync(name, "latest")).Version);
    }
}
