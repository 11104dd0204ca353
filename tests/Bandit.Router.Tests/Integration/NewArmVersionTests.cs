using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Tests.Support;

namespace Bandit.Router.Tests.Integration;

/// <summary>
/// A config that brings in an arm whose alias the Router has not read yet: its first decisions record the alias's
/// version, so they count in that version's evidence and in <c>/stats</c>. Before, the arm-version poll learned the
/// new alias only at its next tick (<c>Router:ConfigPollInterval</c>, 2 s here), and the decisions in between counted
/// only in the arm's totals, invisible in <c>/stats</c>.
/// </summary>
public sealed class NewArmVersionTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private readonly string _policies = "policies_" + TestConfigs.NewTag();
    private readonly string _configModel = "router_cfg_" + TestConfigs.NewTag();
    private readonly string _tag = TestConfigs.NewTag();

    [Fact]
    public async Task ConfigAddsAnArm_ItsFirstDecisionsRecordItsVersion()
    {
        await fixture.SeedPoliciesAsync(_policies, "new_arm_" + _tag, spareVersion: true);
        await fixture.Client.SetAliasAsync(_policies, "PolicyC", "3");
        await fixture.PublishAsync(_configModel, TestConfigs.TwoArms(StrategyNames.Hash, _tag));
        await using var router = await RunningRouter.StartAsync(fixture.RouterFollowing(_configModel)
            .Set("Router:ArmModel", _policies).Set("Router:ConfigPollInterval", "00:00:02"));
        await WaitForConfigAsync(router, "1", TimeSpan.FromMilliseconds(50));

        // Version 2 of the config: arm A at weight 0 and a new arm C (alias PolicyC → version 3) at weight 1, so every
        // decision goes to C; 40 of them as soon as version 2 is live, long before the next poll of the arms' aliases.
        var arms = new[] { new ArmConfig($"A-{_tag}", "PolicyA", "variant-a", 0), new ArmConfig($"C-{_tag}", "PolicyC", "variant-b", 1) };
        await fixture.PublishAsync(_configModel, new RouterConfig(StrategyNames.Hash, arms, BetaPrior.Uniform, $"salt-{_tag}"));
        await WaitForConfigAsync(router, "2", TimeSpan.FromMilliseconds(5));
        var choices = await Task.WhenAll(Enumerable.Range(1, 40).Select(user => router.Client.ChooseAsync(user, k: 1)));

        Assert.All(choices, c => Assert.Equal($"C-{_tag}", c.Arm));
        var armC = await router.Client.ArmStatsAsync($"C-{_tag}");
        Assert.Equal("3", armC.GetProperty("version").GetString());
        Assert.Equal(40, armC.GetProperty("pulls").GetInt64()); // every decision counted for version 3
    }

    /// <summary>Polls <c>/config</c> every <paramref name="poll"/> (Eventually's 50 ms would let the next arm poll come first).</summary>
    private static async Task WaitForConfigAsync(RunningRouter router, string version, TimeSpan poll)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await router.Client.GetJsonAsync("config")).GetProperty("version").GetString() != version)
        {
            Assert.True(DateTime.UtcNow < deadline, $"config version {version} not live after 10 s");
            await Task.Delay(poll);
        }
    }
}
