using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Bandit.Router;
using Bandit.Router.Experiment;
using Bandit.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bandit.Benchmarks;

/// <summary>
/// <c>POST /update</c> throughput on one redis-server and on a Redis Cluster (three masters, three replicas on loopback,
/// <see cref="RedisCluster"/>), side by side in one run: the same Router (in this process), decisions and load as
/// <c>update-throughput</c> against each, in alternating rounds so a change in machine load hits both. Redis's own cost
/// comes from its <c>INFO</c>: CPU seconds of every node, and the µs one decision or reward script takes — the figure
/// that bounds one experiment's rate, because all of an experiment's keys live in one slot, on one master.
/// <c>update-cluster [--seconds 6] [--clients 32] [--decisions 100000] [--batch 0] [--rounds 2] [--warmup 2]</c>
/// </summary>
public sealed class RouterUpdateClusterBench : IBench
{
    private readonly Option<int> _seconds = BenchOptions.Int("--seconds", "seconds of each round on each target", 6);
    private readonly Option<int> _clients = BenchOptions.Int("--clients", "concurrent clients", 32);
    private readonly Option<int> _decisions = BenchOptions.Int("--decisions", "decisions recorded up front on each target", 100_000);
    private readonly Option<int> _batch = BenchOptions.Int("--batch", "updates per request (0: single updates)", 0, min: 0);
    private readonly Option<int> _rounds = BenchOptions.Int("--rounds", "alternating rounds", 2);
    private readonly Option<int> _warmup = BenchOptions.Int("--warmup", "seconds of warm-up", 2, min: 0);

    public string Name => "update-cluster";

    public string Description => "/update requests/s on one redis-server and on a 3-master Redis Cluster, side by side";

    public IReadOnlyList<Option> Options => [_seconds, _clients, _decisions, _batch, _rounds, _warmup];

    public IReadOnlyList<string> Tools(ParseResult options) => [BenchTools.RedisServer, BenchTools.RedisCli];

    public async Task<int> RunAsync(ParseResult options, CancellationToken cancellationToken)
    {
        var seconds = options.GetValue(_seconds);
        var clients = options.GetValue(_clients);
        var decisions = options.GetValue(_decisions);
        var batch = options.GetValue(_batch);
        var rounds = options.GetValue(_rounds);
        var warmup = options.GetValue(_warmup);

        var (redis, port) = await RouterBenchSupport.StartRedisAsync(cancellationToken);
        var cluster = new RedisCluster();
        try
        {
            var clock = Stopwatch.StartNew();
            await cluster.InitializeAsync();
            Console.WriteLine($"update-cluster: redis-server on {port}; cluster of 6 nodes ({string.Join(", ", cluster.Ports)}) ready in {clock.Elapsed.TotalSeconds:F1} s; " +
                $"{clients} clients, {seconds} s per round, {(batch > 0 ? $"batches of {batch}" : "single updates")}, {rounds} rounds");
            (string Name, string ConnectionString, IReadOnlyList<int> Ports)[] targets =
            [
                ("single", $"127.0.0.1:{port},abortConnect=false", [port]),
                ("cluster", cluster.ConnectionString, cluster.Ports),
            ];
            var results = targets.ToDictionary(t => t.Name, _ => new List<UpdateRound>());

            // Both Routers run this process's code: one warm-up round (JIT, connection pools) serves every target.
            Console.WriteLine($"warm-up (not counted): {await RunRoundAsync(targets[0].ConnectionString, targets[0].Ports, Math.Min(decisions, 20_000), clients, batch, warmup, cancellationToken)}");
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var (name, connectionString, ports) in targets)
                {
                    var result = await RunRoundAsync(connectionString, ports, decisions, clients, batch, seconds, cancellationToken);
                    results[name].Add(result);
                    Console.WriteLine($"round {round} {name,-7}: {result}");
                }
            }

            var single = UpdateRound.Mean(results["single"]);
            var onCluster = UpdateRound.Mean(results["cluster"]);
            MachineInfo.Summary($"update-cluster ({(batch > 0 ? $"batches of {batch}" : "single")}, {clients} clients, mean of {rounds} rounds)", string.Create(CultureInfo.InvariantCulture,
                $"one Redis {single.UpdatesPerSecond:N0} updates/s (p99 {single.P99Ms:F1} ms), cluster {onCluster.UpdatesPerSecond:N0} updates/s (p99 {onCluster.P99Ms:F1} ms), " +
                $"cluster/one {onCluster.UpdatesPerSecond / single.UpdatesPerSecond:P0}; Redis µs per script (decision / reward): one {single.DecideUsec:F1} / {single.RewardUsec:F1}, " +
                $"cluster {onCluster.DecideUsec:F1} / {onCluster.RewardUsec:F1}; Redis CPU per update: one {single.RedisCpuUsecPerUpdate:F1} µs, cluster {onCluster.RedisCpuUsecPerUpdate:F1} µs (all 6 nodes); " +
                $"Redis memory per decision + its reward marker (MEMORY USAGE): {single.BytesPerDecision:F0} + {single.BytesPerReward:F0} B; errors {single.Errors + onCluster.Errors}"));
            return single.Errors + onCluster.Errors == 0 ? 0 : 1;
        }
        finally
        {
            cluster.Dispose();
            redis.Kill(entireProcessTree: true);
            redis.Dispose();
        }
    }

    private static async Task<UpdateRound> RunRoundAsync(
        string connectionString, IReadOnlyList<int> ports, int decisions, int clients, int batch, int seconds, CancellationToken cancellationToken)
    {
        await using var router = new LocalRouterServer(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = connectionString,
            ["Router:ExportInterval"] = "00:00:00",
            ["Router:UpdateRateLimit:PermitsPerSecond"] = "0", // capacity, not the per-client limit (10,000/s from one IP by default)
        });
        await router.StartAsync(cancellationToken);

        var cpu = await RedisCost.StartAsync(ports);
        var tokens = await RouterUpdateBench.RecordDecisionsAsync(router.Services, decisions, cancellationToken);
        var decide = await RedisCost.SinceAsync(ports, cpu);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = router.BaseAddress };
        cpu = await RedisCost.StartAsync(ports);
        var process = Process.GetCurrentProcess().TotalProcessorTime;
        var (latencies, updates, errors, elapsed) = await RouterUpdateBench.LoadAsync(http, tokens, clients, batch, TimeSpan.FromSeconds(seconds), cancellationToken);
        var processCpu = Process.GetCurrentProcess().TotalProcessorTime - process;
        var reward = await RedisCost.SinceAsync(ports, cpu);
        var experiment = router.Services.GetRequiredService<LiveExperiment>().Current.ExperimentKey;
        var decisionBytes = await RedisCost.BytesPerKeyAsync(connectionString, $"bandit:{{{experiment}}}:d:*");
        var markerBytes = await RedisCost.BytesPerKeyAsync(connectionString, $"bandit:{{{experiment}}}:r:*");
        latencies.Sort();
        return new UpdateRound(
            updates / elapsed.TotalSeconds,
            RouterBenchSupport.Percentile(latencies, 0.5),
            RouterBenchSupport.Percentile(latencies, 0.99),
            errors,
            decide.UsecPerScript,
            reward.UsecPerScript,
            reward.TotalCpuSeconds * 1e6 / Math.Max(1, updates),
            reward.CpuSeconds[reward.BusiestPort] * 1e6 / Math.Max(1, updates),
            processCpu.TotalMicroseconds / Math.Max(1, updates),
            decisionBytes,
            markerBytes);
    }
}

/// <summary>One round of <see cref="RouterUpdateClusterBench"/> on one Redis form.</summary>
internal sealed record UpdateRound(
    double UpdatesPerSecond, double P50Ms, double P99Ms, int Errors, double DecideUsec, double RewardUsec,
    double RedisCpuUsecPerUpdate, double BusiestNodeCpuUsecPerUpdate, double ProcessCpuUsecPerUpdate, double BytesPerDecision, double BytesPerReward)
{
    public static UpdateRound Mean(IReadOnlyList<UpdateRound> rounds) => new(
        rounds.Average(r => r.UpdatesPerSecond), rounds.Average(r => r.P50Ms), rounds.Average(r => r.P99Ms), rounds.Sum(r => r.Errors),
        rounds.Average(r => r.DecideUsec), rounds.Average(r => r.RewardUsec), rounds.Average(r => r.RedisCpuUsecPerUpdate),
        rounds.Average(r => r.BusiestNodeCpuUsecPerUpdate), rounds.Average(r => r.ProcessCpuUsecPerUpdate), rounds.Average(r => r.BytesPerDecision), rounds.Average(r => r.BytesPerReward));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{UpdatesPerSecond:N0} updates/s, p50 {P50Ms:F2} ms, p99 {P99Ms:F2} ms, errors {Errors}; Redis µs per script: decision {DecideUsec:F1}, reward {RewardUsec:F1}; " +
        $"CPU per update: Redis {RedisCpuUsecPerUpdate:F1} µs (slot's master {BusiestNodeCpuUsecPerUpdate:F1}), this process (Router + clients) {ProcessCpuUsecPerUpdate:F0} µs; " +
        $"MEMORY USAGE: {BytesPerDecision:F0} B per decision key, {BytesPerReward:F0} B per rewarded marker (both live DecisionTtl; the event stream is capped)");
}
