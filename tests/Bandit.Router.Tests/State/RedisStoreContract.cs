using Bandit.Router.Store;
using StackExchange.Redis;

namespace Bandit.Router.Tests.State;

/// <summary>
/// The store contract over Redis reached by a connection string (one server or a cluster's nodes): each store gets its
/// own connection, as each Router replica has, and every connection is closed when the class is done.
/// </summary>
public abstract class RedisStoreContract(string connectionString) : BanditStoreContract, IAsyncLifetime
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

    /// <summary>The connections opened so far, the first being the first store's.</summary>
    protected IReadOnlyList<ConnectionMultiplexer> Connections => _connections;

    [Fact]
    public async Task Scripts_RunAgain_AfterTheServerForgotThem()
    {
        // The store calls its scripts by SHA1 (EVALSHA); a restart, failover or SCRIPT FLUSH empties the server's script
        // cache, and the next call must send the text again rather than fail with NOSCRIPT — for one call and for a batch.
        var store = CreateStore();
        await store.RecordDecisionAsync("flush-exp", new DecisionRecord("d1", "A", 0.5, "hash", "1"));
        await store.RecordDecisionAsync("flush-exp", new DecisionRecord("d2", "A", 0.5, "hash", "2"));
        await store.RecordDecisionAsync("flush-exp", new DecisionRecord("d3", "B", 0.5, "hash", "3"));

        await FlushScriptsAsync();
        Assert.Equal(RewardOutcome.Recorded, await store.RecordRewardAsync("flush-exp", new RewardRecord("d1", "A", 1, 0.5)));
        await FlushScriptsAsync();
        var outcomes = await store.RecordRewardsAsync([("flush-exp", new RewardRecord("d2", "A", 1, 0.5)), ("flush-exp", new RewardRecord("d3", "B", 0, 0.5))]);
        await FlushScriptsAsync();
        var counters = await store.GetCountersAsync("flush-exp", ["A", "B"]);

        Assert.Equal([RewardOutcome.Recorded, RewardOutcome.Recorded], outcomes);
        Assert.Equal((3, 2, 2.0), (counters.Arms[0].Pulls + counters.Arms[1].Pulls, counters.Arms[0].Updates, counters.Arms[0].Rewards));
        Assert.Equal(1, counters.Arms[1].Updates);
    }

    private async Task FlushScriptsAsync()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(connectionString + ",allowAdmin=true");
        foreach (var server in admin.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            await server.ScriptFlushAsync();
        }
    }

    protected ConnectionMultiplexer Connect()
    {
        var connection = ConnectionMultiplexer.Connect(connectionString);
        _connections.Add(connection);
        return connection;
    }
}
