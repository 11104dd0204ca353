using System.Net;

namespace Bandit.Mlflow.ContractTests;

[Collection(MlflowServerCollection.Name)]
public sealed class ExperimentsContractTests(MlflowServerFixture server)
{
    private MlflowClient Client => server.Client;

    [Fact]
    public async Task GetOrCreateExperiment_NewName_CreatesOnceThenReturnsSameId()
    {
        var name = MlflowServerFixture.Unique("exp");

        var first = await Client.GetOrCreateExperimentAsync(name);
        var second = await Client.GetOrCreateExperimentAsync(name);

        Assert.Equal(first, second);
        var experiment = await Client.GetExperimentByNameAsync(name);
        Assert.NotNull(experiment);
        Assert.Equal(first, experiment.ExperimentId);
        Assert.Equal("active", experiment.LifecycleStage);
        Assert.Equal($"mlflow-artifacts:/{first}", experiment.ArtifactLocation);
        Assert.True(experiment.CreationTime > 0);
    }

    [Fact]
    public async Task CreateExperiment_WithTags_ReturnsThemOnGet()
    {
        var id = await Client.CreateExperimentAsync(MlflowServerFixture.Unique("exp"), tags: [new ExperimentTag("team", "bandits")]);

        var experiment = await Client.GetExperimentAsync(id);

        Assert.Contains(new ExperimentTag("team", "bandits"), experiment.Tags);
    }

    [Fact]
    public async Task CreateExperiment_DuplicateName_Is400ResourceAlreadyExists()
    {
        var name = MlflowServerFixture.Unique("exp");
        await Client.CreateExperimentAsync(name);

        var error = await Assert.ThrowsAsync<MlflowException>(() => Client.CreateExperimentAsync(name));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(MlflowErrorCodes.ResourceAlreadyExists, error.ErrorCode);
        Assert.True(error.IsAlreadyExists);
    }

    [Fact]
    public async Task GetExperimentByName_Missing_IsNull()
    {
        Assert.Null(await Client.GetExperimentByNameAsync(MlflowServerFixture.Unique("missing")));
    }

    [Fact]
    public async Task GetExperiment_UnknownId_Is404ResourceDoesNotExist()
    {
        var error = await Assert.ThrowsAsync<MlflowException>(() => Client.GetExperimentAsync("987654321"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.True(error.IsNotFound);
    }
}
