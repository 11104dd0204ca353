using Bandit.Mlflow.Promotions;

namespace Bandit.Mlflow.ContractTests;

/// <summary>
/// The audit trail of alias moves (<see cref="PromotionJournal"/>) and the REST calls it relies on: experiments/get-by-name
/// and create (the shared <c>promotions</c> experiment, created by whichever test comes first), runs/create, runs/log-batch,
/// runs/update and runs/search filtered on a param and ordered by start time. Each test uses its own model name, so the
/// suite can share one real MLflow server.
/// </summary>
[Collection(MlflowServerCollection.Name)]
public sealed class PromotionsContractTests(MlflowServerFixture server)
{
    private MlflowClient Client => server.Client;

    [Fact]
    public async Task Record_TwoMoves_ListsThemNewestFirstWithParamsAndFigures()
    {
        var journal = new PromotionJournal(Client);
        var model = MlflowServerFixture.Unique("model");
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_765_000_000_000);
        var first = new PromotionRecord(model, "PolicyA", null, "1", "external", null, PromotionSources.External, at, []);
        var second = new PromotionRecord(model, "PolicyA", "1", "3", "admin", "B won: P(best) 0.97", PromotionSources.Product, at,
            [new ArmFigures("PolicyA", 1200, 96, 0.08, 0.03), new ArmFigures("Policy.B", 1180, 130, 0.110169, 0.97), new ArmFigures("C", 0, 0, double.NaN, 0)]);

        await journal.RecordAsync(first);
        await Task.Delay(20); // runs/search orders by start time, kept in milliseconds
        var runId = await journal.RecordAsync(second);
        var listed = await journal.ListAsync(model);

        Assert.Equal(2, listed.Count);
        var newest = listed[0];
        Assert.Equal(runId, newest.RunId);
        Assert.Equal((model, "PolicyA", "1", "3", "admin", "B won: P(best) 0.97", "product"),
            (newest.Model, newest.Alias, newest.FromVersion, newest.ToVersion, newest.Who, newest.Reason, newest.Source));
        Assert.Equal(["C", "PolicyA", "Policy_B"], newest.Figures.Select(f => f.Arm)); // the dot separates arm from figure
        Assert.Equal(new ArmFigures("Policy_B", 1180, 130, 0.110169, 0.97), newest.Figures[2]);
        Assert.True(double.IsNaN(newest.Figures[0].Ctr)); // no rewards yet: undefined, not 0
        Assert.Equal((null, null, "external"), (listed[1].FromVersion, listed[1].Reason, listed[1].Source));
        var run = await Client.GetRunAsync(runId);
        Assert.Equal(RunStatus.Finished, run.Info.Status);
        Assert.Contains(new RunTag("mlflow.user", "admin"), run.Data.Tags);
    }

    [Fact]
    public async Task List_ModelWithoutMoves_IsEmpty()
    {
        var listed = await new PromotionJournal(Client).ListAsync(MlflowServerFixture.Unique("model"));

        Assert.Empty(listed);
    }

    [Fact]
    public async Task Record_LongReason_IsCutToWhatEveryMlflowAccepts()
    {
        var journal = new PromotionJournal(Client);
        var model = MlflowServerFixture.Unique("model");

        await journal.RecordAsync(new PromotionRecord(model, "champion", "2", "5", "auto", new string('r', 2000), PromotionSources.Product, DateTimeOffset.UtcNow, []));

        Assert.Equal(PromotionJournal.MaxReasonLength, Assert.Single(await journal.ListAsync(model)).Reason!.Length);
    }

    [Fact]
    public async Task SearchRuns_ByParamOrderedByStartTime_FindsOnlyMatchingRunsNewestFirst()
    {
        var experimentId = await Client.GetOrCreateExperimentAsync(MlflowServerFixture.Unique("exp"));
        var ids = new List<string>();
        foreach (var model in new[] { "m1", "m2", "m1" })
        {
            var run = await Client.CreateRunAsync(experimentId);
            await Client.LogBatchAsync(run.Info.RunId, @params: [new Param("model", model)]);
            ids.Add(run.Info.RunId);
            await Task.Delay(20);
        }

        var page = await Client.SearchRunsAsync([experimentId], "params.model = 'm1'", orderBy: ["attributes.start_time DESC"]);

        Assert.Equal([ids[2], ids[0]], page.Runs.Select(r => r.Info.RunId));
    }
}
