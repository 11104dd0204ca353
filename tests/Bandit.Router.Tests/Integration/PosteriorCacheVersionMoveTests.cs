using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Common;
using Bandit.Router.Experiment;
using Bandit.Router.Store;
using Bandit.Router.Tests.Support;
using Bandit.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bandit.Router.Tests.Integration;

/// <summary>
/// An alias move while Redis is down: the cached counters belong to the version before, so neither the decisions nor
/// <c>/stats</c> (which shows the cache while the store is down, labelled with the live versions) may credit them to the
/// new version. Seen on the running system: PolicyB "v3" shown with version 2's 20 decisions and 25% CTR.
/// </summary>
public sealed class PosteriorCacheVersionMoveTests
{
    [Fact]
    public async Task AliasMoveDuringAnOutage_TheMovedArmStartsFromThePrior_TheOtherKeepsItsCounters()
    {
        using var redis = new RedisServer();
        await redis.StartAsync();
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",connectTimeout=500");
        var store = new RedisBanditStore(connection, new BanditStoreSettings(TimeSpan.FromHours(1), 1000));
        var config = TestConfigs.TwoArms(StrategyNames.Thompson, "move");
        var live = new LiveConfig(config, "1", "test", DateTimeOffset.UtcNow, new ArmTrafficWindow(2));
        var (a, b) = (config.Arms[0].Name, config.Arms[1].Name);
        var versions = new ArmVersions();
        versions.Set("PolicyA", "1");
        versions.Set("PolicyB", "2");
        await RecordAsync(store, config.ExperimentKey, a, "1", decisions: 10, clicks: 1);
        await RecordAsync(store, config.ExperimentKey, b, "2", decisions: 20, clicks: 5);
        var cache = new PosteriorCache(store, Options.Create(new RouterOptions { PosteriorCacheTtl = TimeSpan.FromHours(1) }), NullLogger<PosteriorCache>.Instance, versions);
        var before = await cache.LoadAsync(live);
        Assert.Equal((10, 20), (before.Stats[0].Pulls, before.Stats[1].Pulls));

        redis.Stop();
        versions.Set("PolicyB", "3");
        var after = await cache.GetAsync(live);
        var last = cache.Last(live);

        // PolicyB now serves version 3, of which nothing was read: the prior (Beta(1, 1) here), as after any move.
        Assert.Equal((0L, 0L, 0.0), (after.Stats[1].Pulls, after.Stats[1].Updates, after.Stats[1].Rewards));
        Assert.Equal(0.5, after.Posteriors[1].Mean, 12);
        Assert.Equal((10L, 10L, 1.0), (after.Stats[0].Pulls, after.Stats[0].Updates, after.Stats[0].Rewards));
        Assert.NotNull(last);
        var counters = last.Value.Counters.Arms;
        Assert.Equal((0L, 0L, 0.0, 20L), (counters[1].Pulls, counters[1].Updates, counters[1].Rewards, counters[1].AllPulls));
        Assert.Equal((10L, 1.0), (counters[0].Pulls, counters[0].Rewards));
    }

    private static async Task RecordAsync(IBanditStore store, string experiment, string arm, string version, int decisions, int clicks)
    {
        for (var i = 0; i < decisions; i++)
        {
            var id = $"{arm}-{version}-{i}";
            await store.RecordDecisionAsync(experiment, new DecisionRecord(id, arm, 0.5, StrategyNames.Thompson, "u" + i, Version: version));
            await store.RecordRewardAsync(experiment, new RewardRecord(id, arm, i < clicks ? 1 : 0, 0.5));
        }
    }
}
