using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Mlflow.Promotions;
using Bandit.Router.Tests.Support;
using Bandit.TestSupport;

namespace Bandit.Router.Tests.Integration;

/// <summary>
/// Alias moves seen by the watchers of two Router replicas sharing Redis (polling every 200 ms), for the arms' aliases
/// and for the <c>router</c> alias of the allocation config: one made by another MLflow client is recorded once, as
/// external; one made through the admin API (<c>/admin/promote</c>, the strategy switch) once, as the product's.
/// </summary>
public sealed class ExternalMoveTests(RegistryFixture fixture, RedisServer redis) : IClassFixture<RegistryFixture>, IClassFixture<RedisServer>
{
    private const string AdminKey = "external-move-tests-key";
    private readonly string _policies = "policies_" + TestConfigs.NewTag();
    private readonly string _tag = TestConfigs.NewTag();

    [Fact]
    public async Task MoveByAnotherClient_IsRecordedOnce_AsExternal()
    {
        await fixture.SeedPoliciesAsync(_policies, "external_moves_" + _tag, spareVersion: true);
        await using var first = await StartAsync();
        await using var second = await StartAsync();

        await fixture.Client.SetAliasAsync(_policies, "PolicyA", "3");
        var audit = await OnlyMoveAsync(_policies);
        Assert.Equal(("PolicyA", "1", "3", "external", "external"), (audit.Alias, audit.FromVersion, audit.ToVersion, audit.Who, audit.Source));
    }

    [Fact]
    public async Task MoveThroughAdminPromote_IsRecordedOnce_AsTheProducts()
    {
        await fixture.SeedPoliciesAsync(_policies, "external_moves_" + _tag, spareVersion: true);
        await using var first = await StartAsync();
        await using var second = await StartAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, "admin/promote")
        {
            Content = new StringContent($"{{\"model\":\"{_policies}\",\"alias\":\"PolicyA\",\"version\":\"3\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await first.Client.Http.SendAsync(request)).StatusCode);
        await Eventually.HoldsAsync(async () => (await second.Client.ArmStatsAsync($"A-{_tag}")).GetProperty("version").GetString() == "3", "the other replica sees the move");
        var audit = await OnlyMoveAsync(_policies);
        Assert.Equal(("1", "3", "admin", "product"), (audit.FromVersion, audit.ToVersion, audit.Who, audit.Source));
    }

    [Fact]
    public async Task RouterConfigMovedByAnotherClient_IsRecordedOnce_AsExternal()
    {
        var configModel = "router_cfg_" + _tag;
        var thompson = TestConfigs.TwoArms(StrategyNames.Thompson, _tag);
        Assert.Equal("1", await fixture.PublishAsync(configModel, thompson));
        await using var first = await StartFollowingAsync(configModel, "1");
        await using var second = await StartFollowingAsync(configModel, "1");

        Assert.Equal("2", await fixture.PublishAsync(configModel, thompson.WithStrategy(StrategyNames.Hash, [1.0, 0.0]))); // moves the alias
        foreach (var router in new[] { first, second })
        {
            await WaitForConfigVersionAsync(router, "2");
        }

        var audit = await OnlyMoveAsync(configModel);
        Assert.Equal(("router", "1", "2", "external", "external"), (audit.Alias, audit.FromVersion, audit.ToVersion, audit.Who, audit.Source));
    }

    [Fact]
    public async Task RouterConfigMovedByTheStrategySwitch_IsRecordedOnce_AsTheProducts()
    {
        var configModel = "router_cfg_" + _tag;
        await fixture.PublishAsync(configModel, TestConfigs.TwoArms(StrategyNames.Thompson, _tag));
        await using var first = await StartFollowingAsync(configModel, "1");
        await using var second = await StartFollowingAsync(configModel, "1");

        using var request = new HttpRequestMessage(HttpMethod.Put, "admin/strategy")
        {
            Content = new StringContent("{\"strategy\":\"hash\",\"weights\":[0,1]}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await first.Client.Http.SendAsync(request)).StatusCode);
        await WaitForConfigVersionAsync(second, "2");
        var audit = await OnlyMoveAsync(configModel);
        Assert.Equal(("router", "1", "2", "product"), (audit.Alias, audit.FromVersion, audit.ToVersion, audit.Source));
    }

    /// <summary>The one move in <paramref name="model"/>'s journal, once it is there and three more polls of each replica added none.</summary>
    private async Task<PromotionRecord> OnlyMoveAsync(string model)
    {
        await Eventually.HoldsAsync(async () => (await new PromotionJournal(fixture.Client).ListAsync(model)).Count > 0, "the move recorded");
        await Task.Delay(600);
        return Assert.Single(await new PromotionJournal(fixture.Client).ListAsync(model));
    }

    private async Task<RunningRouter> StartFollowingAsync(string configModel, string version)
    {
        var router = await RunningRouter.StartAsync(fixture.RouterFollowing(configModel).WithRedis(redis.ConnectionString).Set("Router:AdminKey", AdminKey));
        await WaitForConfigVersionAsync(router, version);
        return router;
    }

    private static Task WaitForConfigVersionAsync(RunningRouter router, string version) =>
        Eventually.HoldsAsync(async () => (await router.Client.GetJsonAsync("config")).GetProperty("version").GetString() == version, $"config version {version} live");

    private async Task<RunningRouter> StartAsync()
    {
        var router = await RunningRouter.StartAsync(fixture.RouterFollowing("router_cfg_" + _tag).WithConfig(TestConfigs.TwoArms(StrategyNames.Thompson, _tag))
            .WithRedis(redis.ConnectionString).Set("Router:ArmModel", _policies).Set("Router:AdminKey", AdminKey));
        await Eventually.HoldsAsync(async () => (await router.Client.ArmStatsAsync($"A-{_tag}")).TryGetProperty("version", out var v)
            && v.ValueKind == System.Text.Json.JsonValueKind.String, "the follower reads the arms' versions");
        return router;
    }
}
