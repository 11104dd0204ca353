using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;
using Xunit;

namespace Bandit.TestSupport;

/// <summary>What <see cref="RedisCluster.KillMasterAsync"/> did: the slot, the killed master, the promoted replica.</summary>
public sealed record ClusterFailover(int Slot, int KilledPort, int PromotedPort);

/// <summary>
/// A real Redis Cluster on loopback: six <c>redis-server</c> processes with <c>--cluster-enabled yes</c>, no persistence,
/// each in its own temporary folder, joined by <c>redis-cli --cluster create … --cluster-replicas 1</c> into three masters
/// with one replica each. Ready (about two seconds) when every node says <c>cluster_state:ok</c>, every replica's link
/// to its master is up and all nodes agree on who serves which slot. <see cref="KillMasterAsync"/> kills the master of a
/// key's slot and promotes its replica. Disposing kills every process it started. Tests fail (are not skipped) when
/// <c>redis-server</c> or <c>redis-cli</c> is missing: <c>.ci/run</c> installs both.
/// </summary>
public sealed class RedisCluster : IAsyncLifetime, IDisposable
{
    private const int NodeCount = 6;
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(20);

    private readonly List<ClusterNodeProcess> _nodes = [];
    private string? _dir;

    /// <summary>The nodes' ports, masters and replicas alike (the roles move on a failover).</summary>
    public IReadOnlyList<int> Ports => [.. _nodes.Select(n => n.Port)];

    /// <summary>A StackExchange.Redis connection string listing every node, as <c>ConnectionStrings:redis</c> holds it.</summary>
    public string ConnectionString => string.Join(',', _nodes.Select(n => $"127.0.0.1:{n.Port}")) + ",abortConnect=false";

    /// <summary>The ports of the nodes still running.</summary>
    private IEnumerable<int> LivePorts => _nodes.Where(n => n.IsRunning).Select(n => n.Port);

    public async Task InitializeAsync()
    {
        _dir = Directory.CreateTempSubdirectory("redis-cluster-test-").FullName;
        try
        {
            await StartNodesAsync();

            // The first three become masters, each of the last three a replica of one of them.
            await RedisCli.RunAsync(["--cluster", "create", .. _nodes.Select(n => $"127.0.0.1:{n.Port}"), "--cluster-replicas", "1", "--cluster-yes"]);
            await WaitUntilAsync(IsHealthyAsync, "every node to report cluster_state:ok with its replicas in sync");
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed: leave no process behind.
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts the six nodes on twelve distinct free ports (data and bus). A port handed out free can still be taken by
    /// another process before a node binds it; that node then exits, and the start is tried again on new ports.
    /// </summary>
    private async Task StartNodesAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var ports = new HashSet<int>();
            while (ports.Count < 2 * NodeCount)
            {
                ports.Add(FreePort.Next());
            }

            var pairs = ports.Chunk(2).ToArray();
            var root = Path.Combine(_dir!, attempt.ToString(CultureInfo.InvariantCulture)); // no nodes.conf of an earlier attempt
            _nodes.AddRange(pairs.Select(p => ClusterNodeProcess.Start(root, p[0], p[1])));
            try
            {
                await Task.WhenAll(_nodes.Select(n => n.WaitListeningAsync()));
                var ids = await Task.WhenAll(_nodes.Select(n => RedisCli.RunAsync(n.Port, "CLUSTER", "MYID")));
                if (_nodes.All(n => n.IsRunning) && ids.Distinct().Count() == NodeCount)
                {
                    return;
                }
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }

            if (attempt == 3)
            {
                throw new InvalidOperationException($"Redis Cluster: six redis-server nodes did not start on their own ports in {attempt} attempts");
            }

            foreach (var node in _nodes)
            {
                node.Dispose();
            }

            _nodes.Clear();
        }
    }

    /// <summary>A fresh connection to the cluster.</summary>
    public Task<ConnectionMultiplexer> ConnectAsync() => ConnectionMultiplexer.ConnectAsync(ConnectionString);

    /// <summary>The hash slot of <paramref name="key"/>, as the cluster computes it.</summary>
    public async Task<int> SlotOfAsync(string key) =>
        int.Parse((await RedisCli.RunAsync(LivePorts.First(), "CLUSTER", "KEYSLOT", key)).Trim(), CultureInfo.InvariantCulture);

    /// <summary>What a running node reports in <c>CLUSTER NODES</c>.</summary>
    public async Task<IReadOnlyList<ClusterNodeInfo>> NodesAsync() =>
        ClusterTopology.ParseNodes(await RedisCli.RunAsync(LivePorts.First(), "CLUSTER", "NODES"));

    /// <summary>
    /// Kills (SIGKILL) the master serving <paramref name="key"/>'s slot, waits <paramref name="promoteAfter"/> (the
    /// outage the clients see), then promotes its replica with <c>CLUSTER FAILOVER FORCE</c> and waits until every
    /// running node agrees on the new master. Replication is asynchronous in Redis, so a write acknowledged in the last
    /// microseconds before a crash may never reach the replica (Redis Cluster's documented write-loss window). When
    /// <paramref name="replicaCaughtUp"/> is set, the master first stops taking writes (<c>CLIENT PAUSE WRITE</c>: the
    /// clients' commands hang, then fail with the kill) and the replica is given every write it acknowledged — the
    /// crash the clients see is the same, but no acknowledged write is lost inside Redis.
    /// </summary>
    public async Task<ClusterFailover> KillMasterAsync(string key, TimeSpan promoteAfter = default, bool replicaCaughtUp = true)
    {
        var slot = await SlotOfAsync(key);
        var nodes = await NodesAsync();
        var master = nodes.Single(n => n.IsMaster && !n.Failed && n.Serves(slot));
        var replica = nodes.First(n => n.MasterId == master.Id && !n.Failed);
        if (replicaCaughtUp)
        {
            await RedisCli.RunAsync(master.Port, "CLIENT", "PAUSE", "10000", "WRITE");
            var offset = ClusterTopology.Field(await RedisCli.RunAsync(master.Port, "INFO", "replication"), "master_repl_offset");
            await WaitUntilAsync(
                async () => ClusterTopology.Field(await RedisCli.RunAsync(replica.Port, "INFO", "replication"), "master_repl_offset") == offset,
                $"the replica on {replica.Port} to reach offset {offset}");
        }

        _nodes.Single(n => n.Port == master.Port).Kill();
        await Task.Delay(promoteAfter);
        await RedisCli.RunAsync(replica.Port, "CLUSTER", "FAILOVER", "FORCE");
        await WaitUntilAsync(
            async () => (await Task.WhenAll(LivePorts.Select(p => RedisCli.RunAsync(p, "CLUSTER", "NODES"))))
                .All(text => ClusterTopology.ParseNodes(text).Any(n => n.Port == replica.Port && n.IsMaster && n.Serves(slot))),
            $"every node to see {replica.Port} serve slot {slot}");
        await WaitUntilAsync(async () => (await Task.WhenAll(LivePorts.Select(StateOkAsync))).All(ok => ok), "cluster_state:ok after the failover");
        return new ClusterFailover(slot, master.Port, replica.Port);
    }

    private async Task<bool> IsHealthyAsync()
    {
        var ports = LivePorts.ToArray();
        if (!(await Task.WhenAll(ports.Select(StateOkAsync))).All(ok => ok))
        {
            return false;
        }

        var views = await Task.WhenAll(ports.Select(p => RedisCli.RunAsync(p, "CLUSTER", "NODES")));
        var replicas = ClusterTopology.ParseNodes(views[0]).Where(n => !n.IsMaster).Select(n => n.Port).ToArray();
        var links = await Task.WhenAll(replicas.Select(p => RedisCli.RunAsync(p, "INFO", "replication")));
        return views.Select(v => ClusterTopology.SlotMap(ClusterTopology.ParseNodes(v))).Distinct().Count() == 1
            && replicas.Length == NodeCount / 2
            && links.All(info => ClusterTopology.Field(info, "master_link_status") == "up");
    }

    private static async Task<bool> StateOkAsync(int port) =>
        ClusterTopology.Field(await RedisCli.RunAsync(port, "CLUSTER", "INFO"), "cluster_state") == "ok";

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > ReadyWithin)
            {
                throw new TimeoutException($"Redis Cluster: timed out after {ReadyWithin.TotalSeconds:F0} s waiting for {what}");
            }

            await Task.Delay(50);
        }
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        _nodes.Clear();
        if (_dir is { } dir && Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        _dir = null;
    }
}
