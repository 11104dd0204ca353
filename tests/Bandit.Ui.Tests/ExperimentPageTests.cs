using System.Net;
using System.Net.Http.Json;
using Bandit.Ui.Experiment;
using Bandit.Ui.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bandit.Ui.Tests;

[Collection(UiCollection.Name)]
public sealed class ExperimentPageTests(RegistryFixture registry) : IAsyncLifetime
{
    private FakeRouter _router = null!;
    private UiApplication _ui = null!;

    public async Task InitializeAsync()
    {
        _router = await FakeRouter.StartAsync();
        _ui = new UiApplication(_router.BaseAddress, registry.TrackingUri);
    }

    public async Task DisposeAsync()
    {
        await _ui.DisposeAsync();
        await _router.DisposeAsync();
    }

    [Fact]
    public async Task Experiment_AfterTraffic_ShowsCountsCtrPosteriorsStrategyAndConfigVersion()
    {
        // Arrange: 4 decisions (alternating arms: A, B, A, B); A is clicked twice, B once not.
        var http = new HttpClient { BaseAddress = _router.BaseAddress };
        var decisions = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var answer = await (await http.PostAsJsonAsync("choose", new { userId = i + 1, k = 3 })).Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
            decisions.Add(answer!["decisionId"]!.GetValue<string>());
        }

        await http.PostAsJsonAsync("update", new { decisionId = decisions[0], reward = 1 });
        await http.PostAsJsonAsync("update", new { decisionId = decisions[2], reward = 1 });
        await http.PostAsJsonAsync("update", new { decisionId = decisions[1], reward = 0 });

        // Act
        var html = await _ui.CreateClient().GetStringAsync("/experiment");

        // Assert
        var text = Forms.Text(html);
        Assert.Contains("Strategy thompson", text);
        Assert.Contains("Config version 3", text);
        Assert.Contains("Decisions 4", text);
        Assert.Contains("<td class=\"num pulls\">2</td>", html);
        Assert.Contains("<td class=\"num rewards\">2</td>", html);
        Assert.Contains("100.0% [34.2%, 100.0%]", text); // 2/2 clicks; Wilson 95%: lower = 1/(1 + 1.96²/2) = 0.342
        Assert.Contains("Beta(3, 1)", text); // A: α = 1 + 2 clicks, β = 1 + 0 misses
        Assert.Contains("Beta(1, 2)", text); // B: α = 1, β = 1 + 1 miss
        Assert.Contains("<svg class=\"chart\"", html);
        Assert.Contains("models:/movielens_ctr_router@router", text);
        Assert.Contains("/experiment?handler=Panel", html); // refreshes by itself
    }

    [Fact]
    public async Task Panel_Handler_RendersOnlyThePanel()
    {
        var html = await _ui.CreateClient().GetStringAsync("/experiment?handler=Panel");

        Assert.Contains("id=\"arms\"", html);
        Assert.DoesNotContain("<html", html);
    }

    [Fact]
    public async Task Experiment_Router503_ShowsReadableMessage()
    {
        _router.FailWith = HttpStatusCode.ServiceUnavailable;

        using var response = await _ui.CreateClient().GetAsync("/experiment");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("answered 503 Service Unavailable to GET /stats", Forms.Text(html));
        PageAssert.NoStackTrace(html);
    }

    [Fact]
    public async Task Experiment_RouterSendsGarbage_ShowsReadableMessage()
    {
        _router.BrokenStatsBody = "<html>not json</html>";

        var html = await _ui.CreateClient().GetStringAsync("/experiment");

        Assert.Contains("sent an answer the Ui cannot read", Forms.Text(html));
        PageAssert.NoStackTrace(html);
    }

    [Fact]
    public async Task Sampler_WhileTrafficFlows_KeepsHistoryForTheChartsOverTime()
    {
        var history = _ui.Services.GetRequiredService<StatsHistory>();
        var http = new HttpClient { BaseAddress = _router.BaseAddress };
        await http.PostAsJsonAsync("choose", new { userId = 1 });

        // The sampler polls every 300 ms in these tests; wait for a sample that saw the decision.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!history.Snapshot().Any(s => s.Arms.Sum(a => a.Pulls) == 1) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var html = await _ui.CreateClient().GetStringAsync("/experiment");

        Assert.Contains(history.Snapshot(), s => s.Arms.Sum(a => a.Pulls) == 1);
        Assert.DoesNotContain("collecting samples", html.Split("Traffic share over time")[1]);
    }

    [Fact]
    public async Task Reset_AfterConfirmation_CallsTheRouterWithTheKeyAndSaysSo()
    {
        var client = _ui.CreateClient();
        var confirm = Forms.Text(await client.GetStringAsync("/experiment/reset"));

        using var response = await Forms.PostAsync(client, "/experiment/reset", "/experiment/reset", new Dictionary<string, string>());

        Assert.Contains("Clear the counters of experiment movielens: 0 decisions", confirm);
        Assert.Equal("Bearer " + FakeRouter.AdminKey, Assert.Single(_router.AdminCalls).Authorization);
        Assert.Contains("The experiment's counters were reset", Forms.Text(await response.Content.ReadAsStringAsync()));
    }
}
