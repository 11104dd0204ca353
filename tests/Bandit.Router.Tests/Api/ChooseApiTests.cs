using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Bandit.Allocation;
using Bandit.Router.Tests.Support;

namespace Bandit.Router.Tests.Api;

public sealed class ChooseApiTests(InMemoryRouterFixture fixture) : IClassFixture<InMemoryRouterFixture>
{
    [Fact]
    public async Task Choose_ValidRequest_VariantBodyAndHeadersCarryTheSameDecision()
    {
        var choice = await fixture.Client.ChooseAsync(42, k: 5);

        Assert.Contains(choice.Arm, fixture.Config.Arms.Select(a => a.Name));
        Assert.Equal(choice.Arm, choice.HeaderArm);
        Assert.Equal(choice.DecisionId, choice.HeaderDecision);
        Assert.Equal(choice.Propensity, choice.HeaderPropensity);
        Assert.InRange(choice.Propensity, 1e-4, 1.0);
        Assert.Equal(5, choice.Items);
        var expectedAlias = fixture.Config.Arms.Single(a => a.Name == choice.Arm).Alias;
        Assert.Equal(expectedAlias, choice.Alias);
    }

    [Fact]
    public async Task Choose_DecisionId_IsSignedAndCarriesArmAndPropensity()
    {
        var choice = await fixture.Client.ChooseAsync(7);

        var parts = choice.DecisionId.Split('.');
        Assert.Equal(2, parts.Length);
        Assert.True(parts[0].Length > 40, "the payload carries a 128-bit id, time, propensity, experiment and arm");
        Assert.Equal(43, parts[1].Length); // base64url of a 32-byte HMAC-SHA256
    }

    [Fact]
    public async Task Choose_WithTraceParent_VariantSeesTheSameTrace()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "choose") { Content = JsonContent.Create(new { userId = 9001, k = 1 }) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        // A client that sends exactly this header (this process's own HTTP instrumentation would otherwise add its own).
        using var http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = fixture.Server.BaseAddress };
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(fixture.Variants.A.TraceParents.Concat(fixture.Variants.B.TraceParents), tp => tp.Contains(traceId, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"userId\":null}")]
    [InlineData("{\"userId\":\"7\"}")]
    [InlineData("{\"userId\":-1}")]
    [InlineData("{\"userId\":1.5}")]
    [InlineData("{\"userId\":1e400}")]
    [InlineData("{\"userId\":99999999999999999999999999}")]
    [InlineData("{\"userId\":1,\"k\":0}")]
    [InlineData("{\"userId\":1,\"k\":101}")]
    [InlineData("{\"userId\":1,\"k\":\"3\"}")]
    [InlineData("{\"userId\":1,\"k\":2147483648}")]
    public async Task Choose_InvalidBody_Is400ProblemDetails(string body)
    {
        var requestsBefore = fixture.Variants.A.Requests + fixture.Variants.B.Requests;

        var (status, json, contentType) = await fixture.Client.PostRawAsync("choose", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(400, json!.Value.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.Value.GetProperty("detail").GetString()));
        Assert.Equal(requestsBefore, fixture.Variants.A.Requests + fixture.Variants.B.Requests);
    }

    [Fact]
    public async Task Choose_BodyOverLimit_Is413ProblemDetails()
    {
        var body = "{\"userId\":1,\"pad\":\"" + new string('x', 20_000) + "\"}";

        var (status, json, contentType) = await fixture.Client.PostRawAsync("choose", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(413, json!.Value.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Choose_ExtraFields_AreForwardedToTheVariant()
    {
        var (status, json, _) = await fixture.Client.PostRawAsync("choose", "{\"userId\":3,\"k\":2,\"exclude\":[1,2],\"context\":{\"page\":\"home\"}}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, json!.Value.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task NoRouteLeadsToAnArm_ButThroughADecision()
    {
        var arm = fixture.Config.Arms[0].Name;

        var (status, _, contentType) = await fixture.Client.PostRawAsync($"_bandit/arm/{arm}", "{\"userId\":1}");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("application/problem+json", contentType);
    }

    [Fact]
    public async Task Config_Embedded_SaysSoAndShowsTheConfig()
    {
        var config = await fixture.Client.GetJsonAsync("config");

        Assert.Equal("embedded", config.GetProperty("version").GetString());
        Assert.Equal("embedded", config.GetProperty("source").GetString());
        Assert.Equal(fixture.Config.ExperimentKey, config.GetProperty("experiment").GetString());
        Assert.Equal(fixture.Config, RouterConfig.Parse(config.GetProperty("config").GetRawText()));
    }

    [Fact]
    public async Task Stats_AfterDecisionsAndRewards_ShowsCountersPosteriorsAndShares()
    {
        var tag = fixture.Tag;
        var choices = new List<Choice>();
        for (var i = 0; i < 20; i++)
        {
            choices.Add(await fixture.Client.ChooseAsync(1000 + i));
        }

        foreach (var c in choices)
        {
            await fixture.Client.UpdateAsync(c.DecisionId, 1.0);
        }

        var stats = await fixture.Client.GetJsonAsync("stats");

        Assert.Equal("thompson", stats.GetProperty("strategy").GetString());
        Assert.Equal("embedded", stats.GetProperty("configVersion").GetString());
        Assert.Equal(fixture.Config.ExperimentKey, stats.GetProperty("experiment").GetString());
        var arms = stats.GetProperty("arms").EnumerateArray().ToArray();
        Assert.Equal([$"A-{tag}", $"B-{tag}"], arms.Select(a => a.GetProperty("arm").GetString()));
        Assert.True(arms.Sum(a => a.GetProperty("pulls").GetInt64()) >= 20);
        Assert.InRange(arms.Sum(a => a.GetProperty("pBest").GetDouble()), 0.98, 1.02);
        Assert.InRange(arms.Sum(a => a.GetProperty("share").GetDouble()), 0.999, 1.001);
        foreach (var arm in arms)
        {
            var posterior = arm.GetProperty("posterior");
            var updates = arm.GetProperty("updates").GetInt64();
            var rewards = arm.GetProperty("rewards").GetDouble();
            Assert.Equal(1 + rewards, posterior.GetProperty("alpha").GetDouble(), 9);
            Assert.Equal(1 + updates - rewards, posterior.GetProperty("beta").GetDouble(), 9);
            Assert.InRange(posterior.GetProperty("mean").GetDouble(), posterior.GetProperty("lower").GetDouble(), posterior.GetProperty("upper").GetDouble());
            Assert.True(arm.GetProperty("healthy").GetBoolean());
        }
    }
}
