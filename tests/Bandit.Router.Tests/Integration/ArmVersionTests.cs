using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Store;
using Bandit.Router.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bandit.Router.Tests.Integration;

/// <summary>
/// The model version behind each arm's alias, read from the registry: shown per arm on <c>/stats</c> and recorded on each
/// decision; a move made through <c>/admin/promote</c> is recorded by the next decision at once, one made elsewhere
/// within a poll.
/// </summary>
public sealed class ArmVersionTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private const string AdminKey = "arm-version-tests-key";
    private readonly string _policies = "policies_" + TestConfigs.NewTag();
    private readonly string _tag = TestConfigs.NewTag();

    [Fact]
    public async Task Decisions_RecordTheVersionTheirArmsAliasPointsAt_AndFollowAMove()
    {
        await fixture.SeedPoliciesAsync(_policies, "arm_versions_" + _tag, spareVersion: true); // PolicyA → 1, PolicyB → 2; version 3 unassigned
        var config = TestConfigs.TwoArms(StrategyNames.Hash, _tag, 1.0, 0.0); // every user to arm A
        await using var router = await RunningRouter.StartAsync(fixture.RouterFollowing("router_cfg_" + _tag).WithConfig(config)
            .Set("Router:ArmModel", _policies).Set("Router:AdminKey", AdminKey));
        await Eventually.HoldsAsync(async () => Version(await router.Client.ArmStatsAsync(config.Arms[0].Name)) == "1", "the follower reads PolicyA's version");
        Assert.Equal("2", Version(await router.Client.ArmStatsAsync(config.Arms[1].Name)));
        await router.Client.ChooseAsync(1);

        Assert.Equal(HttpStatusCode.OK, (await PromoteAsync(router, "3")).StatusCode);
        await router.Client.ChooseAsync(2);

        var decisions = (await router.Server.Services.GetRequiredService<IBanditStore>().ReadEventsAsync(config.ExperimentKey, 100))
            .Where(e => e.Type == BanditEventTypes.Decision).Select(e => e.Version).ToList();
        Assert.Equal(["1", "3"], decisions);
        Assert.Equal("3", Version(await router.Client.ArmStatsAsync(config.Arms[0].Name)));
    }

    [Fact]
    public async Task Stats_AfterAnAliasMove_TheOldVersionsClicksStayWithIt_AndBothAreShown()
    {
        await fixture.SeedPoliciesAsync(_policies, "arm_versions_" + _tag, spareVersion: true);
        var config = TestConfigs.TwoArms(StrategyNames.Thompson, _tag);
        await using var router = await RunningRouter.StartAsync(fixture.RouterFollowing("router_cfg_" + _tag).WithConfig(config)
            .Set("Router:ArmModel", _policies).Set("Router:AdminKey", AdminKey).Set("Router:PosteriorCacheTtl", "00:00:00"));
        var armA = config.Arms[0].Name;
        await Eventually.HoldsAsync(async () => Version(await router.Client.ArmStatsAsync(armA)) == "1", "the follower reads PolicyA's version");
        var onV1 = await ChooseArmAAsync(router, armA, 3);
        await router.Client.UpdateAsync(onV1[0], 1.0);
        await router.Client.UpdateAsync(onV1[1], 1.0);

        Assert.Equal(HttpStatusCode.OK, (await PromoteAsync(router, "3")).StatusCode);
        var onV3 = await ChooseArmAAsync(router, armA, 2);
        await router.Client.UpdateAsync(onV3[0], 0.0);
        await router.Client.UpdateAsync(onV1[2], 1.0); // a version-1 decision rewarded after the move

        var a = await router.Client.ArmStatsAsync(armA);
        Assert.Equal("3", Version(a));
        Assert.Equal((2L, 1L, 0.0), (a.GetProperty("pulls").GetInt64(), a.GetProperty("updates").GetInt64(), a.GetProperty("rewards").GetDouble()));
        Assert.Equal(1.0, a.GetProperty("posterior").GetProperty("alpha").GetDouble()); // the prior: none of v1's clicks
        var earlier = Assert.Single(a.GetProperty("versions").EnumerateArray());
        Assert.Equal("1", earlier.GetProperty("version").GetString());
        Assert.Equal((3L, 3L, 3.0), (earlier.GetProperty("pulls").GetInt64(), earlier.GetProperty("updates").GetInt64(), earlier.GetProperty("rewards").GetDouble()));
        Assert.Equal(4.0, earlier.GetProperty("posterior").GetProperty("alpha").GetDouble());
        var srm = (await router.Client.GetJsonAsync("/stats")).GetProperty("srm");
        Assert.Equal(5.0, srm.GetProperty("observed")[0].GetDouble()); // the check counts the arm over all its versions
    }

    /// <summary>Decision ids of <paramref name="count"/> decisions that went to arm A (Thompson may pick either arm).</summary>
    private static async Task<List<string>> ChooseArmAAsync(RunningRouter router, string armA, int count)
    {
        var ids = new List<string>();
        for (var user = 0; ids.Count < count; user++)
        {
            var choice = await router.Client.ChooseAsync(user);
            if (choice.Arm == armA)
            {
                ids.Add(choice.DecisionId);
            }
        }

        return ids;
    }

    private static string? Version(System.Text.Json.JsonElement arm) =>
        arm.TryGetProperty("version", out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null;

    private Task<HttpResponseMessage> PromoteAsync(RunningRouter router, string version)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "admin/promote")
        {
            Content = new StringContent($"{{\"model\":\"{_policies}\",\"alias\":\"PolicyA\",\"version\":\"{version}\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return router.Client.Http.SendAsync(request);
    }
}
