using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Contracts.Flavors;
using Bandit.Mlflow.Publishing;
using Bandit.Router.Experiment.Registry;
using Bandit.Router.Tests.Support;
using Bandit.TestSupport;

namespace Bandit.Router.Tests.Integration;

/// <summary>The live config follows the registry alias, and the admin switch writes through the registry.</summary>
public sealed class RegistryConfigTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private const string AdminKey = "registry-tests-admin-key";

    private readonly string _model = "router_cfg_" + TestConfigs.NewTag();
    private readonly string _tag = TestConfigs.NewTag();

    [Fact]
    public async Task ConfigAlias_MovedToAHashVersion_DecisionsFollowWithoutRestart()
    {
        var thompson = TestConfigs.TwoArms(StrategyNames.Thompson, _tag);
        Assert.Equal("1", await fixture.PublishAsync(_model, thompson));
        await using var router = await RunningRouter.StartAsync(fixture.RouterFollowing(_model));
        await WaitForVersionAsync(router, "1");
        var v1 = await router.Client.GetJsonAsync("config");
        Assert.Equal($"models:/{_model}@router", v1.GetProperty("source").GetString());
        Assert.Equal("thompson", v1.GetProperty("config").GetProperty("strategy").GetString());

        Assert.Equal("2", await fixture.PublishAsync(_model, thompson.WithStrategy(StrategyNames.Hash, [1.0, 0.0])));
        await WaitForVersionAsync(router, "2");

        var choices = await ChooseManyAsync(router, 20);
        Assert.All(choices, c => Assert.Equal(thompson.Arms[0].Name, c.Arm));
        Assert.All(choices, c => Assert.Equal(1.0, c.Propensity));
        var stats = await router.Client.GetJsonAsync("stats");
        Assert.Equal("hash", stats.GetProperty("strategy").GetString());
        Assert.Equal(thompson.ExperimentKey, stats.GetProperty("experiment").GetString()); // same arms, same posteriors
    }

    [Fact]
    public async Task AdminStrategy_WithKey_PublishesMovesTheAliasAndAppliesAtOnce()
    {
        var thompson = TestConfigs.TwoArms(StrategyNames.Thompson, _tag);
        await fixture.PublishAsync(_model, thompson);
        await using var router = await RunningRouter.StartAsync(fixture.RouterFollowing(_model).Set("Router:AdminKey", AdminKey));
        await WaitForVersionAsync(router, "1");

        using var response = await PutStrategyAsync(router, "{\"strategy\":\"hash\",\"weights\":[0,1]}", AdminKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("2", body.GetProperty("version").GetString());
        Assert.Equal("hash", body.GetProperty("config").GetProperty("strategy").GetString());
        Assert.All(await ChooseManyAsync(router, 20), c => Assert.Equal(thompson.Arms[1].Name, c.Arm));

        // The registry is the source of truth: the alias points at the new version, which holds the new config.
        var aliased = await fixture.Client.GetModelVersionByAliasAsync(_model, "router");
        Assert.Equal("2", aliased.Version);
        var published = await RouterConfigArtifacts.LoadAsync(fixture.Client, _model, "2", CancellationToken.None);
        Assert.Equal(thompson.WithStrategy(StrategyNames.Hash, [0.0, 1.0]), published);

        // The follower sees the alias it moved and keeps version 2.
        await Task.Delay(600);
        Assert.Equal("2", (await router.Client.GetJsonAsync("config")).GetProperty("version").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("registry-tests-admin-key-and-more")]
    public async Task AdminCalls_WithoutTheKey_Are401AndChangeNothing(string? key)
    {
        await fixture.PublishAsync(_model, TestConfigs.TwoArms(StrategyNames.Thompson, _tag));
        await using var router = await RunningRouter.StartAsync(fixture.RouterFollowing(_model).Set("Router:AdminKey", AdminKey));
        await WaitForVersionAsync(router, "1");

        using var put = await PutStrategyAsync(router, "{\"strategy\":\"hash\"}", key);
        using var reset = await SendAsync(router, HttpMethod.Post, "admin/reset", null, key);

        Assert.Equal(HttpStatusCode.Unauthorized, put.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, reset.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1", (await fixture.Client.GetModelVersionByAliasAsync(_model, "router")).Version);
        Assert.Equal("thompson", (await router.Client.GetJsonAsync("stats")).GetProperty("strategy").GetString());
    }

    [Fact]
    public async Task AdminCalls_NoKeyConfigured_Are401EvenWithABearer()
    {
        await using var router = await RunningRouter.StartAsync(fixture.RouterFollowing(_model));

        using var put = await PutStrategyAsync(router, "{\"strategy\":\"hash\"}", "anything");

        Assert.Equal(HttpStatusCode.Unauthorized, put.StatusCode);
    }

    [Theory]
    [InlineData("{\"strategy\":\"greedy\"}")]
    [InlineData("{\"weights\":[1,1]}")]
    [InlineData("{\"strategy\":\"hash\",\"weights\":[1]}")]
    [InlineData("{\"strategy\":\"hash\",\"weights\":[-1,2]}")]
    [InlineData("{\"strategy\":\"hash\",\"weights\":[0,0]}")]
    [InlineData("{\"strategy\":\"hash\",\"weights\":[\"a\",1]}")]
    [InlineData("{\"strategy\":")]
    [InlineData("")]
    public async Task AdminStrategy_BadRequest_Is400AndPublishesNothing(string body)
    {
        await fixture.PublishAsync(_model, TestConfigs.TwoArms(StrategyNames.Thompson, _tag));
        await using var router = await RunningRouter.StartAsync(fixture.RouterFollowing(_model).Set("Router:AdminKey", AdminKey));

        using var response = await PutStrategyAsync(router, body, AdminKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Single(await fixture.Client.SearchAllModelVersionsAsync(_model));
    }

    [Fact]
    public async Task AdminStrategy_RegistryUnreachable_Is503AndNothingChanges()
    {
        var settings = new RouterSettings().WithVariants(fixture.Variants.A, fixture.Variants.B)
            .WithConfig(TestConfigs.TwoArms(StrategyNames.Thompson, _tag))
            .Set("MLFLOW_TRACKING_URI", $"http://127.0.0.1:{FreePort.Next()}/")
            .Set("Router:AdminKey", AdminKey);
        await using var router = await RunningRouter.StartAsync(settings);

        using var response = await PutStrategyAsync(router, "{\"strategy\":\"hash\"}", AdminKey);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var config = await router.Client.GetJsonAsync("config");
        Assert.Equal("embedded", config.GetProperty("version").GetString());
        Assert.Equal("thompson", config.GetProperty("config").GetProperty("strategy").GetString());
    }

    [Fact]
    public async Task ConfigAlias_MovedToAnInvalidConfig_KeepsTheLiveOne()
    {
        await fixture.PublishAsync(_model, TestConfigs.TwoArms(StrategyNames.Thompson, _tag));
        await using var router = await RunningRouter.StartAsync(fixture.RouterFollowing(_model));
        await WaitForVersionAsync(router, "1");

        var publisher = new ModelPublisher(fixture.Client);
        await publisher.PublishFilesAsync(_model, "bad", RouterConfigFlavor.Files("{\"strategy\":\"nope\",\"arms\":[]}"), RouterConfigFlavor.Flavors(), _model, alias: "router");
        await Task.Delay(1000); // several polls at 200 ms

        var config = await router.Client.GetJsonAsync("config");
        Assert.Equal("1", config.GetProperty("version").GetString());
        Assert.Equal("thompson", config.GetProperty("config").GetProperty("strategy").GetString());
        Assert.Equal(HttpStatusCode.OK, (await router.Client.PostRawAsync("choose", "{\"userId\":1}")).Status);
    }

    [Fact]
    public async Task ArmSetChange_StartsANewExperimentKey()
    {
        var first = TestConfigs.TwoArms(StrategyNames.Thompson, _tag);
        await fixture.PublishAsync(_model, first);
        await using var router = await RunningRouter.StartAsync(fixture.RouterFollowing(_model));
        await WaitForVersionAsync(router, "1");
        await ChooseManyAsync(router, 5);

        var renamed = TestConfigs.TwoArms(StrategyNames.Thompson, TestConfigs.NewTag());
        await fixture.PublishAsync(_model, renamed);
        await WaitForVersionAsync(router, "2");

        var stats = await router.Client.GetJsonAsync("stats");
        Assert.NotEqual(first.ExperimentKey, renamed.ExperimentKey);
        Assert.Equal(renamed.ExperimentKey, stats.GetProperty("experiment").GetString());
        Assert.Equal(0, stats.GetProperty("totalPulls").GetInt64());
        Assert.All(await ChooseManyAsync(router, 5), c => Assert.Contains(c.Arm, renamed.Arms.Select(a => a.Name)));
    }

    [Fact]
    public async Task Webhook_SignedAliasEvent_AppliesTheNewVersionWithoutWaitingForThePoll()
    {
        const string secret = "webhook-secret";
        var config = TestConfigs.TwoArms(StrategyNames.Thompson, _tag);
        await fixture.PublishAsync(_model, config);
        var settings = fixture.RouterFollowing(_model).Set("Router:ConfigPollInterval", "01:00:00").Set("Router:WebhookSecret", secret);
        await using var router = await RunningRouter.StartAsync(settings);
        await WaitForVersionAsync(router, "1");
        await fixture.PublishAsync(_model, config.WithStrategy(StrategyNames.Ucb1));

        var payload = $"{{\"entity\":\"model_version_alias\",\"action\":\"created\",\"timestamp\":1,\"data\":{{\"name\":\"{_model}\",\"alias\":\"router\",\"version\":\"2\"}}}}";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/mlflow") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add(Bandit.Mlflow.MlflowWebhookSignature.DeliveryIdHeader, "d-1");
        request.Headers.Add(Bandit.Mlflow.MlflowWebhookSignature.TimestampHeader, timestamp);
        request.Headers.Add(Bandit.Mlflow.MlflowWebhookSignature.SignatureHeader, Bandit.Mlflow.MlflowWebhookSignature.Sign(secret, "d-1", timestamp, payload));
        using var response = await router.Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.HoldsAsync(async () => (await router.Client.GetJsonAsync("config")).GetProperty("version").GetString() == "2", "version 2 after the webhook", TimeSpan.FromSeconds(5));
        Assert.Equal("ucb1", (await router.Client.GetJsonAsync("stats")).GetProperty("strategy").GetString());
    }

    [Fact]
    public async Task Exporter_WritesPerArmMetricsToAnOnlineRun()
    {
        var config = TestConfigs.TwoArms(StrategyNames.Thompson, _tag);
        var experiment = "online_" + _tag;
        var settings = fixture.RouterFollowing(_model).WithConfig(config).Set("Router:ExportInterval", "00:00:00.200").Set("Router:ExportExperiment", experiment);
        await using var router = await RunningRouter.StartAsync(settings);
        foreach (var choice in await ChooseManyAsync(router, 10))
        {
            await router.Client.UpdateAsync(choice.DecisionId, 1.0);
        }

        Bandit.Mlflow.Run? run = null;
        await Eventually.HoldsAsync(async () =>
        {
            var id = (await fixture.Client.GetExperimentByNameAsync(experiment))?.ExperimentId;
            run = id is null ? null : (await fixture.Client.SearchRunsAsync([id])).Runs.FirstOrDefault();
            // The rewards may land after the export of the tenth decision: they are written at the same step.
            return run is not null && run.Data.Metrics.Any(m => m.Key == "total_pulls" && m.Value == 10)
                && config.Arms.Sum(a => run.Data.Metrics.FirstOrDefault(m => m.Key == $"{a.Name}.updates")?.Value ?? 0) == 10;
        }, "the exporter to log total_pulls = 10 and 10 rewarded decisions");

        Assert.Equal($"online-{config.ExperimentKey}", run!.Info.RunName);
        var pulls = config.Arms.Sum(a => run.Data.Metrics.Single(m => m.Key == $"{a.Name}.pulls").Value);
        Assert.Equal(10, pulls);
        // CTR, posterior mean and P(best) are written for an arm once it has a rewarded decision (all ten were rewarded; under
        // Thompson from flat priors all ten land on one arm with probability 2·2^−10, so check the arms that got some).
        var rewarded = config.Arms.Where(a => run.Data.Metrics.Single(m => m.Key == $"{a.Name}.updates").Value > 0).ToList();
        Assert.NotEmpty(rewarded);
        Assert.All(rewarded, a => Assert.Contains(run.Data.Metrics, m => m.Key == $"{a.Name}.posterior_mean"));
        Assert.All(rewarded, a => Assert.Contains(run.Data.Metrics, m => m.Key == $"{a.Name}.p_best"));
        Assert.Contains(run.Data.Metrics, m => m.Key == $"{config.Arms[1].Name}.share");
    }

    private static async Task WaitForVersionAsync(RunningRouter router, string version) =>
        await Eventually.HoldsAsync(async () => (await router.Client.GetJsonAsync("config")).GetProperty("version").GetString() == version, $"/config version {version}");

    private static async Task<List<Choice>> ChooseManyAsync(RunningRouter router, int count)
    {
        var choices = new List<Choice>();
        for (var user = 0; user < count; user++)
        {
            choices.Add(await router.Client.ChooseAsync(user, k: 1));
        }

        return choices;
    }

    private static Task<HttpResponseMessage> PutStrategyAsync(RunningRouter router, string body, string? key) =>
        SendAsync(router, HttpMethod.Put, "admin/strategy", body, key);

    private static Task<HttpResponseMessage> SendAsync(RunningRouter router, HttpMethod method, string path, string? body, string? key)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return router.Client.Http.SendAsync(request);
    }
}
