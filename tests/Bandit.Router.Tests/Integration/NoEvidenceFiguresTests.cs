using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Bandit.Contracts;
using Bandit.Mlflow.Promotions;
using Bandit.Router.Tests.Support;

namespace Bandit.Router.Tests.Integration;

/// <summary>
/// An arm without a rewarded decision has its prior alone, so its CTR, posterior mean and P(best) say nothing about it:
/// the audit trail of a move records them undefined (NaN, logged as −1), and the MLflow export leaves them out, rather
/// than the prior's figures, which read like measured ones.
/// </summary>
public sealed class NoEvidenceFiguresTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private const string AdminKey = "figures-tests-admin-key";

    private readonly string _policies = "policies_" + TestConfigs.NewTag();
    private readonly string _tag = TestConfigs.NewTag();

    [Fact]
    public async Task Promote_OneArmRewardedTheOtherNot_RecordsPBestOnlyForTheRewardedArm()
    {
        await fixture.SeedPoliciesAsync(_policies, "figures_tests_" + _tag);
        var config = TestConfigs.TwoArms(StrategyNames.Thompson, _tag);
        await using var router = await RunningRouter.StartAsync(fixture.RouterFollowing("router_cfg_" + _tag).WithConfig(config).Set("Router:AdminKey", AdminKey));
        var (a, b) = (config.Arms[0].Name, config.Arms[1].Name);
        var choices = new List<Choice>();
        for (var user = 0; user < 20; user++)
        {
            choices.Add(await router.Client.ChooseAsync(user, k: 1));
        }

        // Thompson on two flat priors picks each arm with probability 1/2: all 20 on one arm has probability 2·2^−20.
        Assert.Contains(choices, c => c.Arm == a);
        Assert.Contains(choices, c => c.Arm == b);
        foreach (var choice in choices.Where(c => c.Arm == a))
        {
            await router.Client.UpdateAsync(choice.DecisionId, 1.0); // B's decisions stay unrewarded
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "admin/promote")
        {
            Content = new StringContent($"{{\"model\":\"{_policies}\",\"alias\":\"PolicyB\",\"version\":\"1\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var response = await router.Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var audit = Assert.Single(await new PromotionJournal(fixture.Client).ListAsync(_policies));
        var rewarded = Assert.Single(audit.Figures, f => f.Arm == a);
        var unrewarded = Assert.Single(audit.Figures, f => f.Arm == b);
        // A: all clicks, Beta(1 + n, 1) against B's Beta(1, 1): P(best) = (n + 1)/(n + 2) ≥ 2/3, a real figure.
        Assert.Equal(1.0, rewarded.Ctr);
        Assert.InRange(rewarded.PBest, 0.6, 1.0);
        // B: decisions but no rewarded one: before the fix its P(best) was the prior's 1/(n + 2) > 0, as if measured.
        Assert.True(unrewarded.Pulls > 0);
        Assert.True(double.IsNaN(unrewarded.Ctr));
        Assert.True(double.IsNaN(unrewarded.PBest), $"P(best) of an arm with no rewarded decision was recorded as {unrewarded.PBest}");
    }

    [Fact]
    public async Task Exporter_DecisionsButNoRewards_LogsCountsButNoCtrPosteriorOrPBest()
    {
        var config = TestConfigs.TwoArms(StrategyNames.Thompson, _tag);
        var experiment = "online_" + _tag;
        var settings = fixture.RouterFollowing("router_cfg_" + _tag).WithConfig(config).Set("Router:ExportInterval", "00:00:00.200").Set("Router:ExportExperiment", experiment);
        await using var router = await RunningRouter.StartAsync(settings);
        for (var user = 0; user < 10; user++)
        {
            await router.Client.ChooseAsync(user, k: 1); // no reward: both posteriors stay the prior Beta(1, 1)
        }

        Bandit.Mlflow.Run? run = null;
        await Eventually.HoldsAsync(async () =>
        {
            var id = (await fixture.Client.GetExperimentByNameAsync(experiment))?.ExperimentId;
            run = id is null ? null : (await fixture.Client.SearchRunsAsync([id])).Runs.FirstOrDefault();
            return run is not null && run.Data.Metrics.Any(m => m.Key == "total_pulls" && m.Value == 10);
        }, "the exporter to log total_pulls = 10");

        var keys = run!.Data.Metrics.Select(m => m.Key).ToHashSet();
        foreach (var arm in config.Arms.Select(a => a.Name))
        {
            Assert.Contains($"{arm}.pulls", keys);
            Assert.Contains($"{arm}.share", keys);
            // Before the fix: ctr 0, posterior_mean 0.5 and p_best ≈ 0.5 per arm, plotted as if measured.
            Assert.DoesNotContain($"{arm}.ctr", keys);
            Assert.DoesNotContain($"{arm}.posterior_mean", keys);
            Assert.DoesNotContain($"{arm}.p_best", keys);
        }
    }
}
