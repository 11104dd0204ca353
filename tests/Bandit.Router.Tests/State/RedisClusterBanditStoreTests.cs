using Bandit.Router.Experiment.History;
using Bandit.Router.Store;
using Bandit.Router.Tests.Support;
using Bandit.TestSupport;
using StackExchange.Redis;

namespace Bandit.Router.Tests.State;

/// <summary>
/// The store contract against a real Redis Cluster (three masters, three replicas, <see cref="RedisCluster"/>), through
/// a connection string that lists the nodes, as <c>ConnectionStrings:redis</c> would. A script whose keys spanned two
/// slots would fail here (CROSSSLOT) where it passes on one server.
/// </summary>
public sealed class RedisClusterBanditStoreTests(RedisCluster cluster) : RedisStoreContract(cluster.ConnectionString), IClassFixture<RedisCluster>
{
    [Fact]
    public void Connection_SeesAClusterOfThreeMasters()
    {
        var connection = Connect();

        var servers = connection.GetServers();

        // Guards the contract above: it ran against a cluster, not against one of its nodes alone.
        Assert.All(servers, s => Assert.Equal(ServerType.Cluster, s.ServerType));
        Assert.Equal(3, servers.Count(s => !s.IsReplica));
        Assert.Equal(3, servers.Count(s => s.IsReplica));
    }

    [Fact]
    public async Task Keys_OfOneExperiment_AllLiveOnTheMasterOfItsSlot()
    {
        var connection = Connect();
        var store = new RedisBanditStore(connection, Settings);
        var experiment = "slot-exp-" + TestConfigs.NewTag();
        await store.RecordDecisionAsync(experiment, new DecisionRecord("d1", "A", 0.5, "hash", "1"));
        await store.RecordRewardAsync(experiment, new RewardRecord("d1", "A", 1, 0.5));
        await store.ResetAsync(experiment, ["B"]);

        var owner = connection.GetServer((RedisKey)RedisKeys.Epoch(experiment));
        var keysByMaster = connection.GetServers().Where(s => !s.IsReplica)
            .ToDictionary(s => s.EndPoint, s => s.Keys(pattern: $"bandit:{{{experiment}}}:*").Count());

        Assert.Equal(5, keysByMaster[owner.EndPoint]); // arm hash, decision, rewarded marker, events, epoch
        Assert.Equal(5, keysByMaster.Values.Sum());
    }

    [Fact]
    public async Task RecordRewards_OneBatchOverExperimentsOnEveryMaster_AnswersEachInOrder()
    {
        var connection = Connect();
        var store = new RedisBanditStore(connection, Settings);
        var experiments = ExperimentsOnEachMaster(connection);
        foreach (var experiment in experiments)
        {
            await store.RecordDecisionAsync(experiment, new DecisionRecord("d1", "A", 0.5, "thompson", "1"));
        }

        var outcomes = await store.RecordRewardsAsync(
        [
            .. experiments.Select(e => (e, new RewardRecord("d1", "A", 1.0, 0.5))),
            .. experiments.Select(e => (e, new RewardRecord("d1", "A", 0.0, 0.5))),
            (experiments[0], new RewardRecord("d2", "A", 1.0, 0.5)),
        ]);

        Assert.Equal([.. experiments.Select(_ => RewardOutcome.Recorded), .. experiments.Select(_ => RewardOutcome.Duplicate), RewardOutcome.Unknown], outcomes);
        foreach (var experiment in experiments)
        {
            Assert.Equal(new ArmCounters("A", 1, 1, 1.0, 0), (await store.GetCountersAsync(experiment, ["A"])).Arms[0]);
        }
    }

    [Fact]
    public async Task HistoryStore_TheRoutersOtherRedisStore_RunsOnTheClusterToo()
    {
        var first = new RedisExperimentHistoryStore(Connect());
        var second = new RedisExperimentHistoryStore(Connect());
        var experiment = "hist-" + TestConfigs.NewTag();
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        var snapshot = new StatsSnapshot(at, "3", "thompson", 0, [new ArmSnapshot("A", "PolicyA", 10, 4, 2.0)]);

        // Two replicas sample the same slot: one snapshot is kept.
        Assert.True(await first.AddSnapshotAsync(experiment, snapshot, capacity: 10));
        Assert.False(await second.AddSnapshotAsync(experiment, snapshot with { ConfigVersion = "4" }, capacity: 10));
        await second.AddEventAsync(experiment, new HistoryEvent(at.AddSeconds(1), HistoryEvent.Reset, To: "1"), capacity: 10);
        var (snapshots, events) = await first.ReadAsync(experiment, at);

        Assert.Equal("3", Assert.Single(snapshots).ConfigVersion);
        Assert.Equal(HistoryEvent.Reset, Assert.Single(events).Kind);
        Assert.Equal(2.0, (await second.LastSnapshotAsync(experiment))!.Arms[0].Rewards);
    }

    /// <summary>Three experiment names whose slots are served by three different masters.</summary>
    private static string[] ExperimentsOnEachMaster(ConnectionMultiplexer connection)
    {
        var byMaster = new Dictionary<System.Net.EndPoint, string>();
        while (byMaster.Count < 3)
        {
            var experiment = "exp-" + TestConfigs.NewTag();
            byMaster.TryAdd(connection.GetServer((RedisKey)RedisKeys.Epoch(experiment)).EndPoint, experiment);
        }

        return [.. byMaster.Values];
    }
}
