using Bandit.Router.Store;
using Bandit.TestSupport;
using StackExchange.Redis;

namespace Bandit.Router.Tests.State;

/// <summary>The store contract against a real redis-server.</summary>
public sealed class RedisBanditStoreTests(RedisServer redis) : BanditStoreContract, IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly List<ConnectionMultiplexer> _connections = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    protected override IBanditStore CreateStore(BanditStoreSettings? settings = null) => new RedisBanditStore(Connect(), settings ?? Settings);

    protected override IBanditStore SecondStoreOverSameState(IBanditStore first) => new RedisBanditStore(Connect(), Settings);

    [Fact]
    public async Task Keys_OfOneExperiment_ShareOneHashSlot()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync("slot-exp", new DecisionRecord("d1", "A", 0.5, "hash", "1"));
        await store.RecordRewardAsync("slot-exp", new RewardRecord("d1", "A", 1, 0.5));
        var server = _connections[0].GetServer(_connections[0].GetEndPoints()[0]);

        var keys = server.Keys(pattern: "bandit:{slot-exp}:*").Select(k => k.ToString()).ToArray();

        Assert.Equal(4, keys.Length); // arm hash, decision, rewarded marker, events
        Assert.Single(keys.Select(k => _connections[0].HashSlot(k)).Distinct());
    }

    private ConnectionMultiplexer Connect()
    {
        var connection = ConnectionMultiplexer.Connect(redis.ConnectionString);
        _connections.Add(connection);
        return connection;
    }
}
