using Bandit.Router.Store;
using Bandit.TestSupport;
using StackExchange.Redis;

namespace Bandit.Router.Tests.State;

/// <summary>The store contract against a real redis-server.</summary>
public sealed class RedisBanditStoreTests(RedisServer redis) : RedisStoreContract(redis.ConnectionString), IClassFixture<RedisServer>
{
    [Fact]
    public async Task Keys_OfOneExperiment_ShareOneHashSlot()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync("slot-exp", new DecisionRecord("d1", "A", 0.5, "hash", "1"));
        await store.RecordRewardAsync("slot-exp", new RewardRecord("d1", "A", 1, 0.5));
        var server = Connections[0].GetServer(Connections[0].GetEndPoints()[0]);

        var keys = server.Keys(pattern: "bandit:{slot-exp}:*").Select(k => k.ToString()).ToArray();

        Assert.Equal(4, keys.Length); // arm hash, decision, rewarded marker, events
        Assert.Single(keys.Select(k => Connections[0].HashSlot(k)).Distinct());
    }
}
