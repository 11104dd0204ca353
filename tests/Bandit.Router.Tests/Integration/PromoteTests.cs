using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Mlflow;
using Bandit.Router.Tests.Support;

namespace Bandit.Router.Tests.Integration;

/// <summary>
/// <c>POST /admin/promote</c> against the local registry: the admin key or nothing, bad input and unknown or unusable
/// versions refused with problem details and the registry untouched, the router config's alias made live at once.
/// </summary>
public sealed class PromoteTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private const string AdminKey = "promote-tests-admin-key";

    private readonly string _policies = "policies_" + TestConfigs.NewTag();
    private readonly string _routerModel = "router_cfg_" + TestConfigs.NewTag();
    private readonly string _tag = TestConfigs.NewTag();

    [Fact]
    public async Task Promote_WithKey_MovesTheAliasAnswersThePreviousVersionAndRecordsTheChange()
    {
        await fixture.SeedPoliciesAsync(_policies, "promote_tests_" + _tag);
        await using var router = await StartAsync();

        using var response = await PromoteAsync(router, $"{{\"model\":\"{_policies}\",\"alias\":\"PolicyA\",\"version\":\"2\",\"reason\":\"B wins offline\"}}", AdminKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("1", body.GetProperty("previousVersion").GetString());
        Assert.Equal("2", body.GetProperty("version").GetString());
        Assert.True(body.GetProperty("changed").GetBoolean());
        Assert.Equal("admin", body.GetProperty("actor").GetString());
        Assert.Equal("2", (await fixture.Client.GetModelVersionByAliasAsync(_policies, "PolicyA")).Version);
        var events = (await router.Client.GetJsonAsync("stats/history")).GetProperty("events").EnumerateArray().ToList();
        var promotion = Assert.Single(events, e => e.GetProperty("kind").GetString() == "promotion");
        Assert.Equal(_policies, promotion.GetProperty("model").GetString());
        Assert.Equal("1", promotion.GetProperty("from").GetString());
        Assert.Equal("2", promotion.GetProperty("to").GetString());
        Assert.Equal("B wins offline", promotion.GetProperty("reason").GetString());
        // The audit trail in MLflow: one run in the promotions experiment, with who, why and the experiment's figures.
        var audit = Assert.Single(await new Bandit.Mlflow.Promotions.PromotionJournal(fixture.Client).ListAsync(_policies));
        Assert.Equal(("PolicyA", "1", "2", "admin", "B wins offline", "product"), (audit.Alias, audit.FromVersion, audit.ToVersion, audit.Who, audit.Reason, audit.Source));
        // No traffic yet: 0 decisions, CTR and P(best) undefined — not the prior's 0.5 each, which would read like a tie measured.
        Assert.Equal([$"A-{_tag}", $"B-{_tag}"], audit.Figures.Select(f => f.Arm));
        Assert.All(audit.Figures, f => Assert.Equal((0L, double.NaN, double.NaN), (f.Pulls, f.Ctr, f.PBest)));
    }

    [Fact]
    public async Task Promote_ToTheVersionItAlreadyHas_ChangesNothing()
    {
        await fixture.SeedPoliciesAsync(_policies, "promote_tests_" + _tag);
        await using var router = await StartAsync();

        using var response = await PromoteAsync(router, $"{{\"model\":\"{_policies}\",\"alias\":\"PolicyA\",\"version\":1}}", AdminKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("changed").GetBoolean());
        Assert.Empty((await router.Client.GetJsonAsync("stats/history")).GetProperty("events").EnumerateArray());
        Assert.Empty(await new Bandit.Mlflow.Promotions.PromotionJournal(fixture.Client).ListAsync(_policies));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("promote-tests-admin-key-and-more")]
    public async Task Promote_WithoutTheKey_Is401AndTheAliasStays(string? key)
    {
        await fixture.SeedPoliciesAsync(_policies, "promote_tests_" + _tag);
        await using var router = await StartAsync();

        using var response = await PromoteAsync(router, $"{{\"model\":\"{_policies}\",\"alias\":\"PolicyA\",\"version\":\"2\"}}", key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1", (await fixture.Client.GetModelVersionByAliasAsync(_policies, "PolicyA")).Version);
    }

    [Theory]
    [InlineData("{\"model\":\"M\",\"alias\":\"PolicyA\"}")]
    [InlineData("{\"model\":\"M\",\"alias\":\"PolicyA\",\"version\":\"two\"}")]
    [InlineData("{\"model\":\"M\",\"alias\":\"PolicyA\",\"version\":\"0\"}")]
    [InlineData("{\"model\":\"M\",\"alias\":\"PolicyA\",\"version\":-2}")]
    [InlineData("{\"model\":\"M\",\"alias\":\"latest\",\"version\":\"2\"}")]
    [InlineData("{\"model\":\"M\",\"alias\":\"v3\",\"version\":\"2\"}")]
    [InlineData("{\"model\":\"M\",\"alias\":\"Policy A\",\"version\":\"2\"}")]
    [InlineData("{\"model\":\"M/../x\",\"alias\":\"PolicyA\",\"version\":\"2\"}")]
    [InlineData("{\"model\":\"M\",\"alias\":\"PolicyA\",\"version\":\"2\",\"reason\":7}")]
    [InlineData("{\"model\":\"M\",\"alias\":\"PolicyA\",\"version\":\"2\",\"reason\":\"two\\nlines\"}")]
    [InlineData("{\"model\":\"M\",\"alias\":\"PolicyA\",\"version\":\"2\",\"reason\":\"two\\u2028lines\"}")] // a line separator is not a control character
    [InlineData("{\"model\":\"M\",\"alias\":\"PolicyA\",\"version\":\"2\",\"reason\":\"fix \\u202Esdrawkcab\"}")] // a right-to-left override would show the audit trail's text reversed
    [InlineData("{\"model\":\"M\",\"alias\":\"PolicyA\",\"version\":\"2\",\"reason\":\"a \\u2066isolate\"}")]
    [InlineData("[\"M\",\"PolicyA\",\"2\"]")]
    [InlineData("{\"model\":")]
    [InlineData("")]
    public async Task Promote_BadInput_Is400AndTheAliasStays(string body)
    {
        await fixture.SeedPoliciesAsync(_policies, "promote_tests_" + _tag);
        await using var router = await StartAsync();

        using var response = await PromoteAsync(router, body.Replace("\"M", "\"" + _policies, StringComparison.Ordinal), AdminKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1", (await fixture.Client.GetModelVersionByAliasAsync(_policies, "PolicyA")).Version);
    }

    [Theory]
    [InlineData("99")]
    [InlineData("unknown-model")]
    public async Task Promote_UnknownVersionOrModel_Is404AndTheAliasStays(string what)
    {
        await fixture.SeedPoliciesAsync(_policies, "promote_tests_" + _tag);
        await using var router = await StartAsync();
        var model = what == "unknown-model" ? "no_such_model_" + _tag : _policies;
        var version = what == "unknown-model" ? "1" : what;

        using var response = await PromoteAsync(router, $"{{\"model\":\"{model}\",\"alias\":\"PolicyA\",\"version\":\"{version}\"}}", AdminKey);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains($"no version {version}", (await response.Content.ReadAsStringAsync()));
        Assert.Equal("1", (await fixture.Client.GetModelVersionByAliasAsync(_policies, "PolicyA")).Version);
    }

    [Fact]
    public async Task Promote_RouterConfigVersion_NeedsTheKeyAndIsLiveAtOnce()
    {
        var thompson = TestConfigs.TwoArms(StrategyNames.Thompson, _tag);
        await fixture.PublishAsync(_routerModel, thompson);
        await fixture.PublishAsync(_routerModel, thompson.WithStrategy(StrategyNames.Hash, [0.0, 1.0]));
        await fixture.Client.SetAliasAsync(_routerModel, "router", "1");
        await using var router = await StartAsync();
        await Eventually.HoldsAsync(async () => (await router.Client.GetJsonAsync("config")).GetProperty("version").GetString() == "1", "config version 1");
        var body = $"{{\"model\":\"{_routerModel}\",\"alias\":\"router\",\"version\":\"2\"}}";

        using var refused = await PromoteAsync(router, body, "not-the-key");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("1", (await fixture.Client.GetModelVersionByAliasAsync(_routerModel, "router")).Version);
        Assert.Equal("thompson", (await router.Client.GetJsonAsync("stats")).GetProperty("strategy").GetString());

        using var accepted = await PromoteAsync(router, body, AdminKey);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var config = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("config");
        Assert.Equal("2", config.GetProperty("version").GetString());
        Assert.Equal("hash", (await router.Client.GetJsonAsync("stats")).GetProperty("strategy").GetString()); // no poll needed
        Assert.All(await ChooseManyAsync(router, 10), arm => Assert.Equal(thompson.Arms[1].Name, arm));
    }

    [Fact]
    public async Task Promote_RouterConfigAliasToAVersionThatIsNoConfig_Is409AndTheLiveConfigStays()
    {
        await fixture.PublishAsync(_routerModel, TestConfigs.TwoArms(StrategyNames.Thompson, _tag));
        await fixture.SeedPoliciesAsync(_policies, "promote_tests_" + _tag); // a policy run: its artifacts hold no router config
        var policyVersion = await fixture.Client.GetModelVersionAsync(_policies, "1");
        await fixture.Client.CreateModelVersionAsync(_routerModel, policyVersion.Source!, policyVersion.RunId);
        await using var router = await StartAsync();
        await Eventually.HoldsAsync(async () => (await router.Client.GetJsonAsync("config")).GetProperty("version").GetString() == "1", "config version 1");

        using var response = await PromoteAsync(router, $"{{\"model\":\"{_routerModel}\",\"alias\":\"router\",\"version\":\"2\"}}", AdminKey);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1", (await fixture.Client.GetModelVersionByAliasAsync(_routerModel, "router")).Version);
        Assert.Equal("1", (await router.Client.GetJsonAsync("config")).GetProperty("version").GetString());
    }

    [Fact]
    public async Task StrategySwitch_MovesTheAliasThroughTheSamePlace_OneMarkerWithItsStrategy()
    {
        await fixture.PublishAsync(_routerModel, TestConfigs.TwoArms(StrategyNames.Thompson, _tag));
        await using var router = await StartAsync();
        await Eventually.HoldsAsync(async () => (await router.Client.GetJsonAsync("config")).GetProperty("version").GetString() == "1", "config version 1");
        // The marker takes its strategy from the sampler seeing the config change, so the sampler must have seen version 1
        // first (under load its first sample can come after the switch, and then there is no change to see).
        await Eventually.HoldsAsync(async () => (await router.Client.GetJsonAsync("stats/history")).GetProperty("samples").EnumerateArray()
            .Any(s => s.GetProperty("configVersion").GetString() == "1"), "a history snapshot of config version 1");

        using var request = new HttpRequestMessage(HttpMethod.Put, "admin/strategy") { Content = new StringContent("{\"strategy\":\"ucb1\"}", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var response = await router.Client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.HoldsAsync(async () => (await router.Client.GetJsonAsync("stats/history")).GetProperty("events").EnumerateArray()
            .Any(e => e.TryGetProperty("strategy", out var s) && s.GetString() == "ucb1"), "the marker with its strategy");
        await Task.Delay(600); // a few more sampler intervals, which must not add a second marker

        var events = (await router.Client.GetJsonAsync("stats/history")).GetProperty("events").EnumerateArray().ToList();
        var change = Assert.Single(events);
        Assert.Equal("promotion", change.GetProperty("kind").GetString());
        Assert.Equal(_routerModel, change.GetProperty("model").GetString());
        Assert.Equal("2", change.GetProperty("to").GetString());
        Assert.Equal("ucb1", change.GetProperty("strategy").GetString());
    }

    private Task<RunningRouter> StartAsync() => RunningRouter.StartAsync(fixture.RouterFollowing(_routerModel)
        .WithConfig(TestConfigs.TwoArms(StrategyNames.Thompson, _tag)).Set("Router:AdminKey", AdminKey).Set("Router:HistoryInterval", "00:00:00.100"));

    private static Task<HttpResponseMessage> PromoteAsync(RunningRouter router, string body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "admin/promote") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return router.Client.Http.SendAsync(request);
    }

    private static async Task<List<string>> ChooseManyAsync(RunningRouter router, int count)
    {
        var arms = new List<string>();
        for (var user = 0; user < count; user++)
        {
            arms.Add((await router.Client.ChooseAsync(user, k: 1)).Arm);
        }

        return arms;
    }
}
