using Bandit.Allocation;
using Bandit.Allocation.AutoPromotion;
using Bandit.Contracts;
using Bandit.Mlflow.Promotions;
using Bandit.Router.Experiment;
using Bandit.Router.Tests.Support;
using Bandit.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bandit.Router.Tests.Integration;

/// <summary>
/// A Router restarted during a probation, on the same Redis: the promoted version is still on probation in the new
/// process and is rolled back when it regresses. The setting of <see cref="AutoPromotionTests"/> (50/50 hash split,
/// small thresholds, evaluated every 100 ms, fixed-seed clicks): version 1 clicks at 0.5 on arm A but never on arm B,
/// so promoting it to PolicyB is a regression only the probation reveals.
/// </summary>
public sealed class AutoPromotionRestartTests(RegistryFixture fixture, RedisServer redis) : IClassFixture<RegistryFixture>, IClassFixture<RedisServer>
{
    private static readonly AutoPromotionSettings _settings = new(Enabled: true, PBestThreshold: 0.95, MinDecisionsPerArm: 20, MinRewardsPerArm: 2,
        HoldDecisions: 20, RollbackWindow: 30, MaxFalsePromotion: 0.05);

    private readonly string _policies = "policies_" + TestConfigs.NewTag();
    private readonly string _tag = TestConfigs.NewTag();

    [Fact]
    public async Task RestartDuringProbation_TheRegressionIsStillRolledBack()
    {
        await fixture.SeedPoliciesAsync(_policies, "auto_promotion_restart_" + _tag);
        var random = new Random(18);
        Func<string, string?, bool> click = (arm, version) => version == "1" ? arm == $"A-{_tag}" && random.NextDouble() < 0.5 : random.NextDouble() < 0.1;

        // Traffic in steps of 10 users until the promotion (PolicyB 2 → 1) is in the journal; the probation needs 30
        // rewarded decisions of B on version 1, about 60 users at 50/50, so it is still open when the first Router stops.
        var user = 0;
        await using (var first = await StartAsync())
        {
            while ((await new PromotionJournal(fixture.Client).ListAsync(_policies)).Count == 0)
            {
                Assert.True(user < 2_000, "no promotion after 2,000 users");
                await TrafficAsync(first, user, 10, click);
                user += 10;
            }
        }

        Assert.Equal("1", (await fixture.Client.GetModelVersionByAliasAsync(_policies, "PolicyB")).Version);
        await using var second = await StartAsync();
        await TrafficAsync(second, user, 300, click);
        await Eventually.HoldsAsync(async () => (await new PromotionJournal(fixture.Client).ListAsync(_policies)).Count == 2, "the rollback after the restart");

        Assert.Equal("2", (await fixture.Client.GetModelVersionByAliasAsync(_policies, "PolicyB")).Version);
        var rollback = (await new PromotionJournal(fixture.Client).ListAsync(_policies)).Single(m => m.ToVersion == "2");
        Assert.Equal(("1", "auto"), (rollback.FromVersion, rollback.Who));
        Assert.StartsWith("rollback:", rollback.Reason, StringComparison.Ordinal);
    }

    private static async Task TrafficAsync(RunningRouter router, int firstUser, int users, Func<string, string?, bool> click)
    {
        var versions = router.Server.Services.GetRequiredService<ArmVersions>();
        for (var user = firstUser; user < firstUser + users; user++)
        {
            var choice = await router.Client.ChooseAsync(user, k: 1);
            await router.Client.UpdateAsync(choice.DecisionId, click(choice.Arm, versions.VersionOf(choice.Alias)) ? 1.0 : 0.0);
        }
    }

    private async Task<RunningRouter> StartAsync()
    {
        var config = TestConfigs.TwoArms(StrategyNames.Hash, _tag) with { AutoPromotion = _settings };
        var router = await RunningRouter.StartAsync(fixture.RouterFollowing("router_cfg_" + _tag).WithConfig(config).WithRedis(redis.ConnectionString)
            .Set("Router:ArmModel", _policies).Set("Router:AutoPromotionInterval", "00:00:00.100").Set("Router:PosteriorCacheTtl", "00:00:00"));
        await Eventually.HoldsAsync(async () => (await router.Client.ArmStatsAsync($"B-{_tag}")).TryGetProperty("version", out var v)
            && v.ValueKind == System.Text.Json.JsonValueKind.String, "the follower reads the arms' versions");
        return router;
    }
}
