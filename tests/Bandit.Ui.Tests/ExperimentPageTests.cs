using System.Net;
using System.Net.Http.Json;
using Bandit.Ui.Tests.Support;

namespace Bandit.Ui.Tests;

[Collection(UiCollection.Name)]
public sealed class ExperimentPageTests(RegistryFixture registry) : FakeRouterPageTests(registry)
{
    [Fact]
    public async Task Experiment_AfterTraffic_ShowsCountsCtrPosteriorsVersionsAndTheRoutersHistory()
    {
        // Arrange: 4 decisions (alternating arms: A, B, A, B); A is clicked twice, B once not.
        await TrafficAsync(clicks: [(0, 1), (2, 1), (1, 0)]);

        // Act
        var html = await Ui.CreateClient().GetStringAsync("/experiment");

        // Assert
        var text = Forms.Text(html);
        Assert.Contains("Strategy thompson", text);
        Assert.Contains("Config version 3", text);
        Assert.Contains("Decisions 4", text);
        Assert.Contains("<td class=\"num pulls\">2</td>", html);
        Assert.Contains("<td class=\"num rewards wide\">2</td>", html);
        Assert.Contains("100.0% [34.2%, 100.0%]", text); // 2/2 clicks; Wilson 95%: lower = 1/(1 + 1.96²/2) = 0.342
        Assert.Contains("PolicyA → v1", text); // the version each arm's alias points at in the registry
        Assert.Contains("PolicyB → v2", text);
        Assert.Contains("Beta(3, 1)", text); // A: α = 1 + 2 clicks, β = 1 + 0 misses
        Assert.Contains("Beta(1, 2)", text); // B: α = 1, β = 1 + 1 miss
        Assert.Contains("7 snapshots from the Router's history", text); // one per change in the fake: 4 decisions, 3 rewards
        Assert.DoesNotContain("collecting samples", html);
        Assert.Contains("shaded: 95% Wilson interval", text); // the legend
        Assert.Contains("models:/movielens_ctr_router@router", text);
        Assert.DoesNotContain("aa-warning", html);
    }

    [Fact]
    public async Task Experiment_History_SurvivesAUiRestart_AndAgreesBetweenTwoUis()
    {
        await TrafficAsync(clicks: [(0, 1)]);
        var before = Snapshots(await Ui.CreateClient().GetStringAsync("/experiment?handler=Panel"));

        await Ui.DisposeAsync();
        Ui = NewUi();
        await using var second = NewUi();

        Assert.Equal(before, Snapshots(await Ui.CreateClient().GetStringAsync("/experiment?handler=Panel")));
        Assert.Equal(before, Snapshots(await second.CreateClient().GetStringAsync("/experiment?handler=Panel")));
        Assert.Equal("5 snapshots", before);
    }

    [Fact]
    public async Task Experiment_ChangesAreMarkedOnTheChartsAndListed()
    {
        await TrafficAsync(clicks: [(0, 1)]);
        var client = await Ui.CreateSignedInClientAsync();
        using var _ = await Forms.PostAsync(client, "/experiment/reset", "/experiment/reset", []);

        var html = await client.GetStringAsync("/experiment");

        Assert.Contains("class=\"marker-label\"", html);
        Assert.Matches(@"R \d\d:\d\d:\d\d UTC counters reset — by admin", Forms.Text(html));
    }

    [Fact]
    public async Task Experiment_TwoArmsOnOneVersion_WarnsOfAnAaTest()
    {
        var seeded = await Registry.SeedFreshAsync();
        await Registry.Client.SetAliasAsync(seeded.ModelName, "PolicyA", "2");
        await using var ui = NewUi(seeded.ModelName);

        var text = Forms.Text(await ui.CreateClient().GetStringAsync("/experiment"));

        Assert.Contains($"PolicyA and PolicyB both serve {seeded.ModelName} version 2: the experiment is now an A/A test", text);
    }

    [Fact]
    public async Task Panel_Handler_RendersOnlyThePanel_MarkedFreshForTheStaleCheck()
    {
        var html = await Ui.CreateClient().GetStringAsync("/experiment?handler=Panel");

        Assert.Contains("id=\"arms\"", html);
        Assert.Contains("data-ok=\"true\"", html);
        Assert.DoesNotContain("<html", html);
    }

    [Fact]
    public async Task Panel_RouterDown_IsMarkedNotOkWithTheReason()
    {
        Router.FailWith = HttpStatusCode.ServiceUnavailable;

        var html = await Ui.CreateClient().GetStringAsync("/experiment?handler=Panel");

        Assert.Contains("data-ok=\"false\"", html);
        Assert.Contains("data-problem=\"The Router at", html);
        Assert.DoesNotContain("id=\"arms\"", html);
    }

    [Fact]
    public async Task Experiment_Router503_ShowsReadableMessage()
    {
        Router.FailWith = HttpStatusCode.ServiceUnavailable;

        using var response = await Ui.CreateClient().GetAsync("/experiment");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Something is not answering. The Router at", Forms.Text(html));
        Assert.Contains("answered 503 Service Unavailable to GET /stats", Forms.Text(html));
        PageAssert.NoStackTrace(html);
    }

    [Fact]
    public async Task Experiment_RouterSendsGarbage_ShowsReadableMessage()
    {
        Router.BrokenStatsBody = "<html>not json</html>";

        var html = await Ui.CreateClient().GetStringAsync("/experiment");

        Assert.Contains("sent an answer the Ui cannot read", Forms.Text(html));
        PageAssert.NoStackTrace(html);
    }

    [Fact]
    public async Task Reset_SignedIn_CallsTheRouterWithTheOperatorsKeyAndSaysSo()
    {
        var client = await Ui.CreateSignedInClientAsync();
        var confirm = Forms.Text(await client.GetStringAsync("/experiment/reset"));

        using var response = await Forms.PostAsync(client, "/experiment/reset", "/experiment/reset", []);

        Assert.Contains("Clear the counters of experiment movielens: 0 decisions", confirm);
        Assert.Equal("Bearer " + FakeRouter.AdminKey, Assert.Single(Router.AdminCalls).Authorization);
        Assert.Equal(1, Router.ResetCount);
        Assert.Contains("The experiment's counters were reset", Forms.Text(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task ResetConfirmation_CountsEveryVersionsDecisionsAndNamesRewardedAndClicks()
    {
        Router.MoveVersion("PolicyA", "1");
        await TrafficAsync(clicks: [(0, 1), (2, 0), (1, 1)]); // A (v1): 2 decisions, 2 rewarded, 1 click; B: 2 decisions, 1 click
        Router.MoveVersion("PolicyA", "7");
        await TrafficAsync(clicks: [(0, 1)]); // A (v7): 2 decisions, 1 click; B: 4 decisions in all
        var client = await Ui.CreateSignedInClientAsync();

        var confirm = Forms.Text(await client.GetStringAsync("/experiment/reset"));

        // Before: "4+2 = 6 decisions and 2 rewards": v1's 2 decisions, which the reset clears too, were left out, and
        // "rewards" were the rewarded decisions while the Router's "rewards" are the clicks.
        Assert.Contains("Clear the counters of experiment movielens: 8 decisions, 4 of them rewarded (3 clicks), over 2 arms and their earlier model versions?", confirm);
    }

    /// <summary>Four decisions straight at the fake Router, then the given (decision index, reward) pairs.</summary>
    [Fact]
    public async Task Experiment_FewDecisions_ShowsTheOffPolicyTableWithThePlainEssWarning()
    {
        // 4 decisions at propensity 0.5 (A, B, A, B), A clicked twice, B's one reward a miss.
        await TrafficAsync(clicks: [(0, 1), (2, 1), (1, 0)]);

        var html = await Ui.CreateClient().GetStringAsync("/experiment");

        var text = Forms.Text(html);
        // always PolicyA: IPS = (1/4)(1/0.5 + 1/0.5) = 100%; weights 2, 0, 2, 0 so ESS = 4² / 8 = 2.
        Assert.Matches(@"always PolicyA \(too few to trust\) 100\.0% \[[^\]]+\] 100\.0% \[[^\]]+\] 2 ", text);
        // uniform: every weight (1/2)/0.5 = 1, so IPS = the logged mean reward 2/4 and ESS = 4.
        Assert.Matches(@"uniform \(too few to trust\) 50\.0% \[[^\]]+\] 50\.0% \[[^\]]+\] 4 ", text);
        Assert.Contains("Too few effective samples to trust: always PolicyA (ESS 2), always PolicyB (ESS 2), uniform (ESS 4).", text);
        Assert.Contains("Below an effective sample size of 100", text);
    }

    [Fact]
    public async Task Experiment_EnoughDecisions_ShowsTheOffPolicyTableWithoutWarning()
    {
        // 240 decisions alternating A, B: ESS 120 for each arm and 240 for the uniform policy, all at least 100.
        using var http = new HttpClient { BaseAddress = Router.BaseAddress };
        for (var i = 0; i < 240; i++)
        {
            var answer = await (await http.PostAsJsonAsync("choose", new { userId = i + 1, k = 1 })).Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
            await http.PostAsJsonAsync("update", new { decisionId = answer!["decisionId"]!.GetValue<string>(), reward = i % 4 == 0 ? 1 : 0 });
        }

        var html = await Ui.CreateClient().GetStringAsync("/experiment?handler=Panel");

        Assert.Contains("id=\"offpolicy-table\"", html);
        Assert.DoesNotContain("ess-warning", html);
        // A got decisions 0, 2, 4, …: every other one of them clicked (i % 4 == 0), so always PolicyA is 50%, PolicyB 0%.
        Assert.Matches(@"always PolicyA 50\.0% \[[^\]]+\] 50\.0% \[[^\]]+\] 120 ", Forms.Text(html));
        Assert.Matches(@"always PolicyB 0\.0% \[[^\]]+\] 0\.0% \[[^\]]+\] 120 ", Forms.Text(html));
    }

    private static string Snapshots(string html) => System.Text.RegularExpressions.Regex.Match(Forms.Text(html), @"\d+ snapshots").Value;
}
