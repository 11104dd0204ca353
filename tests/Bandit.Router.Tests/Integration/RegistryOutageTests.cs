using Bandit.TestSupport;
using System.Net;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Contracts.Flavors;
using Bandit.Mlflow;
using Bandit.Registry;
using Bandit.Mlflow.Publishing;
using Bandit.Router.Tests.Support;

namespace Bandit.Router.Tests.Integration;

/// <summary>The registry stopped and started again on the same port: the Router keeps serving its last config, reports Degraded, and recovers by itself.</summary>
public sealed class RegistryOutageTests(VariantPair variants) : IClassFixture<VariantPair>
{
    [Fact]
    public async Task RegistryDown_RouterServesTheLastConfigDegraded_AndFollowsAliasMovesOnceBack()
    {
        await using var registry = new LocalRegistryServer();
        await registry.StartAsync();
        using var http = new HttpClient { BaseAddress = registry.TrackingUri };
        var model = "router_outage_" + TestConfigs.NewTag();
        var publisher = new ModelPublisher(new MlflowClient(http));
        Task Publish(RouterConfig config) => publisher.PublishFilesAsync(model, "test", RouterConfigFlavor.Files(config.ToJson()), RouterConfigFlavor.Flavors(), model, alias: "router");
        var thompson = TestConfigs.TwoArms(StrategyNames.Thompson, TestConfigs.NewTag());
        await Publish(thompson);
        await using var router = await RunningRouter.StartAsync(new RouterSettings().WithVariants(variants.A, variants.B)
            .Set("MLFLOW_TRACKING_URI", registry.TrackingUri.ToString()).Set("Router:ConfigModel", model).Set("Router:ConfigPollInterval", "00:00:00.200"));
        await WaitForAsync(router, "1", "Healthy");

        await registry.StopAsync();
        await WaitForAsync(router, "1", "Degraded");
        for (var user = 0; user < 10; user++)
        {
            Assert.Contains((await router.Client.ChooseAsync(user, k: 1)).Arm, thompson.Arms.Select(a => a.Name));
        }

        Assert.Equal("thompson", (await router.Client.GetJsonAsync("stats")).GetProperty("strategy").GetString());

        await registry.StartAsync(); // same port, same data
        await WaitForAsync(router, "1", "Healthy");
        await Publish(thompson.WithStrategy(StrategyNames.Hash, [1.0, 0.0]));
        await WaitForAsync(router, "2", "Healthy");
        for (var user = 0; user < 10; user++)
        {
            Assert.Equal(thompson.Arms[0].Name, (await router.Client.ChooseAsync(user, k: 1)).Arm);
        }
    }

    /// <summary>Waits until <c>/config</c> has <paramref name="version"/> and <c>/health</c> answers 200 <paramref name="health"/>.</summary>
    private static Task WaitForAsync(RunningRouter router, string version, string health) => Eventually.HoldsAsync(async () =>
    {
        using var response = await router.Client.Http.GetAsync("health");
        var text = await response.Content.ReadAsStringAsync();
        var config = await router.Client.GetJsonAsync("config");
        return response.StatusCode == HttpStatusCode.OK && text == health && config.GetProperty("version").GetString() == version;
    }, $"/config version {version} and /health {health}", TimeSpan.FromSeconds(15));
}
