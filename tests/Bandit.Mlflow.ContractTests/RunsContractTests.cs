using System.Net;

namespace Bandit.Mlflow.ContractTests;

[Collection(MlflowServerCollection.Name)]
public sealed class RunsContractTests(MlflowServerFixture server)
{
    private MlflowClient Client => server.Client;

    [Fact]
    public async Task CreateRun_WithNameAndTags_IsRunningWithProxiedArtifactUri()
    {
        var experimentId = await Client.GetOrCreateExperimentAsync(MlflowServerFixture.Unique("exp"));

        var run = await Client.CreateRunAsync(experimentId, "policy-a", [new RunTag("policy", "A")]);

        Assert.Equal(RunStatus.Running, run.Info.Status);
        Assert.Equal("policy-a", run.Info.RunName);
        Assert.Equal(experimentId, run.Info.ExperimentId);
        Assert.Equal($"mlflow-artifacts:/{experimentId}/{run.Info.RunId}/artifacts", run.Info.ArtifactUri);
        Assert.Contains(new RunTag("policy", "A"), run.Data.Tags);
        Assert.Contains(new RunTag("mlflow.runName", "policy-a"), run.Data.Tags);
        Assert.True(run.Info.StartTime > 0);
    }

    [Fact]
    public async Task CreateRun_UnknownExperiment_Is404()
    {
        var error = await Assert.ThrowsAsync<MlflowException>(() => Client.CreateRunAsync("987654321"));

        Assert.True(error.IsNotFound);
    }

    [Fact]
    public async Task LogBatch_OverEveryLimit_IsChunkedAndEverythingIsLogged()
    {
        var run = await TestData.NewRunAsync(Client);
        var metrics = Enumerable.Range(0, 2500).Select(i => new Metric("loss", 1.0 / (i + 1), 1_700_000_000_000 + i, i)).ToList();
        var @params = Enumerable.Range(0, 250).Select(i => new Param($"p{i:000}", new string('x', 3000))).ToList();
        var tags = Enumerable.Range(0, 150).Select(i => new RunTag($"t{i:000}", $"v{i}")).ToList();

        await Client.LogBatchAsync(run.Info.RunId, metrics, @params, tags);

        var logged = await Client.GetRunAsync(run.Info.RunId);
        Assert.Equal(250, logged.Data.Params.Count);
        Assert.All(logged.Data.Params, p => Assert.Equal(3000, p.Value.Length));
        Assert.Equal(150, logged.Data.Tags.Count(t => t.Key.StartsWith('t')));
        var latest = Assert.Single(logged.Data.Metrics);
        Assert.Equal(2499, latest.Step);
        var history = await Client.GetMetricHistoryAsync(run.Info.RunId, "loss");
        Assert.Equal(metrics.Select(m => m.Step), history.Select(m => m.Step));
    }

    [Fact]
    public async Task LogBatch_OneRequestOverTheMetricLimit_Is400InvalidParameterValue()
    {
        var run = await TestData.NewRunAsync(Client);
        var body = "{\"run_id\":\"" + run.Info.RunId + "\",\"metrics\":[" +
            string.Join(',', Enumerable.Range(0, 1001).Select(i => $"{{\"key\":\"m\",\"value\":{i},\"timestamp\":1,\"step\":{i}}}")) + "]}";

        using var response = await server.Http.PostAsync("api/2.0/mlflow/runs/log-batch", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("INVALID_PARAMETER_VALUE", await response.Content.ReadAsStringAsync());
        Assert.Empty((await Client.GetRunAsync(run.Info.RunId)).Data.Metrics);
    }

    [Theory]
    [InlineData(100, 100, 0, HttpStatusCode.OK)]            // the limits are per kind: 100 params and 100 tags
    [InlineData(101, 0, 0, HttpStatusCode.BadRequest)]
    [InlineData(0, 101, 0, HttpStatusCode.BadRequest)]
    [InlineData(0, 60, 950, HttpStatusCode.BadRequest)]      // over 1000 entities in all
    public async Task LogBatch_ServerLimits_AreMlflows(int paramCount, int tagCount, int metricCount, HttpStatusCode expected)
    {
        var run = await TestData.NewRunAsync(Client);
        var body = System.Text.Json.JsonSerializer.Serialize(new
        {
            run_id = run.Info.RunId,
            @params = Enumerable.Range(0, paramCount).Select(i => new { key = $"p{i}", value = "v" }),
            tags = Enumerable.Range(0, tagCount).Select(i => new { key = $"t{i}", value = "v" }),
            metrics = Enumerable.Range(0, metricCount).Select(i => new { key = "m", value = 1.0, timestamp = 1L, step = (long)i }),
        });

        using var response = await server.Http.PostAsync("api/2.0/mlflow/runs/log-batch", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task LogParam_ChangedValue_Is400AndKeepsTheFirstValue()
    {
        var run = await TestData.NewRunAsync(Client);
        await Client.LogParamAsync(run.Info.RunId, "lr", "0.1");
        await Client.LogParamAsync(run.Info.RunId, "lr", "0.1"); // the same value again is fine

        var error = await Assert.ThrowsAsync<MlflowException>(() => Client.LogParamAsync(run.Info.RunId, "lr", "0.2"));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.True(error.IsInvalidParameter);
        Assert.Contains(new Param("lr", "0.1"), (await Client.GetRunAsync(run.Info.RunId)).Data.Params);
    }

    [Fact]
    public async Task LogMetricAndSetTag_ShowInRunAndHistoryInTimestampOrder()
    {
        var run = await TestData.NewRunAsync(Client);
        await Client.LogMetricAsync(run.Info.RunId, "auc", 0.7, timestamp: 2000, step: 1);
        await Client.LogMetricAsync(run.Info.RunId, "auc", 0.6, timestamp: 1000, step: 0);
        await Client.SetTagAsync(run.Info.RunId, "stage", "offline");
        await Client.SetTagAsync(run.Info.RunId, "stage", "online");

        var logged = await Client.GetRunAsync(run.Info.RunId);
        var history = await Client.GetMetricHistoryAsync(run.Info.RunId, "auc");

        Assert.Equal(new Metric("auc", 0.7, 2000, 1), Assert.Single(logged.Data.Metrics));
        Assert.Contains(new RunTag("stage", "online"), logged.Data.Tags);
        Assert.Equal([new Metric("auc", 0.6, 1000, 0), new Metric("auc", 0.7, 2000, 1)], history);
        Assert.Empty(await Client.GetMetricHistoryAsync(run.Info.RunId, "missing"));
    }

    [Fact]
    public async Task UpdateRun_Finished_SetsStatusAndEndTime()
    {
        var run = await TestData.NewRunAsync(Client);

        var info = await Client.UpdateRunAsync(run.Info.RunId, RunStatus.Finished, endTime: 1_800_000_000_000);

        Assert.Equal(RunStatus.Finished, info.Status);
        Assert.Equal(1_800_000_000_000, info.EndTime);
        Assert.Equal(RunStatus.Finished, (await Client.GetRunAsync(run.Info.RunId)).Info.Status);
    }

    [Fact]
    public async Task GetRun_Unknown_Is404()
    {
        var error = await Assert.ThrowsAsync<MlflowException>(() => Client.GetRunAsync(Guid.NewGuid().ToString("N")));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(MlflowErrorCodes.ResourceDoesNotExist, error.ErrorCode);
    }

    [Fact]
    public async Task SearchRuns_ByTagAndMetric_FindsOnlyMatchingRuns()
    {
        var experimentId = await Client.GetOrCreateExperimentAsync(MlflowServerFixture.Unique("exp"));
        var a = await Client.CreateRunAsync(experimentId, "a", [new RunTag("policy", "A")]);
        var b = await Client.CreateRunAsync(experimentId, "b", [new RunTag("policy", "B")]);
        await Client.LogMetricAsync(a.Info.RunId, "auc", 0.8);
        await Client.LogMetricAsync(b.Info.RunId, "auc", 0.6);

        var byTag = await Client.SearchRunsAsync([experimentId], "tags.policy = 'B'");
        var byMetric = await Client.SearchRunsAsync([experimentId], "metrics.auc > 0.7");
        var all = await Client.SearchRunsAsync([experimentId], orderBy: ["metrics.auc DESC"]);

        Assert.Equal(b.Info.RunId, Assert.Single(byTag.Runs).Info.RunId);
        Assert.Equal(a.Info.RunId, Assert.Single(byMetric.Runs).Info.RunId);
        Assert.Equal([a.Info.RunId, b.Info.RunId], all.Runs.Select(r => r.Info.RunId));
    }
}
