using Bandit.TestSupport;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Bandit.Allocation;
using Bandit.Router;
using Bandit.Router.Choosing;
using Bandit.Router.Experiment;
using Bandit.Router.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Bandit.Benchmarks;

/// <summary>
/// <c>POST /update</c> throughput with Redis: a redis-server and a Router on loopback; decisions are recorded
/// up front through the Router's own decision path (store + signed ids), then C clients post single updates as
/// fast as they can for a bounded time (every update is a verified HMAC and one Lua script). Then
/// <c>redis-benchmark -q -t set,incr -n 100000 -p PORT</c> runs against the same redis-server for comparison.
/// <c>update-throughput [--seconds 10] [--clients 32] [--decisions 200000] [--batch 0]</c> (--batch N: N updates per request)
/// </summary>
public sealed class RouterUpdateBench : IBench
{
    private readonly Option<int> _seconds = BenchOptions.Int("--seconds", "seconds measured", 10);
    private readonly Option<int> _clients = BenchOptions.Int("--clients", "concurrent clients", 32);
    private readonly Option<int> _decisions = BenchOptions.Int("--decisions", "decisions recorded up front", 200_000);
    private readonly Option<int> _batch = BenchOptions.Int("--batch", "updates per request (0: single updates)", 0, min: 0);

    public string Name => "update-throughput";

    public string Description => "/update requests/s with Redis vs redis-benchmark set/incr on the same redis-server";

    public IReadOnlyList<Option> Options => [_seconds, _clients, _decisions, _batch];

    public IReadOnlyList<string> Tools(ParseResult options) => [BenchTools.RedisServer, BenchTools.RedisBenchmark];

    public async Task<int> RunAsync(ParseResult options, CancellationToken cancellationToken)
    {
        var seconds = options.GetValue(_seconds);
        var clients = options.GetValue(_clients);
        var decisions = options.GetValue(_decisions);
        var batch = options.GetValue(_batch);

        var (redis, port) = await RouterBenchSupport.StartRedisAsync(cancellationToken);
        try
        {
            await using var router = new LocalRouterServer(new Dictionary<string, string?>
            {
                ["ConnectionStrings:redis"] = $"127.0.0.1:{port},abortConnect=false",
                ["Router:ExportInterval"] = "00:00:00",
                ["Router:UpdateRateLimit:PermitsPerSecond"] = "0", // capacity, not the per-client limit (10,000/s from one IP by default)
            });
            await router.StartAsync(cancellationToken);
            var tokens = await RecordDecisionsAsync(router.Services, decisions, cancellationToken);
            Console.WriteLine($"update-throughput: {tokens.Length:N0} decisions recorded in Redis on port {port}; {clients} clients, {seconds} s, {(batch > 0 ? $"batches of {batch}" : "single updates")}");

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = router.BaseAddress };
            var (latencies, updates, errors, elapsed) = await LoadAsync(http, tokens, clients, batch, TimeSpan.FromSeconds(seconds), cancellationToken);
            latencies.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"/update: {updates:N0} rewards in {elapsed.TotalSeconds:F1} s = {updates / elapsed.TotalSeconds:N0} updates/s ({latencies.Count / elapsed.TotalSeconds:N0} requests/s); p50 {RouterBenchSupport.Percentile(latencies, 0.5):F3} ms, p99 {RouterBenchSupport.Percentile(latencies, 0.99):F3} ms; errors {errors}"));

            Console.WriteLine($"redis-benchmark -q -t set,incr -n 100000 -p {port}:");
            var redisFigures = await RunRedisBenchmarkAsync(port, cancellationToken);
            Console.Write(redisFigures);
            MachineInfo.Summary($"update-throughput ({(batch > 0 ? $"batches of {batch}" : "single")}, {clients} clients)", string.Create(CultureInfo.InvariantCulture,
                $"{updates / elapsed.TotalSeconds:N0} updates/s, {latencies.Count / elapsed.TotalSeconds:N0} requests/s, p50 {RouterBenchSupport.Percentile(latencies, 0.5):F3} ms, p99 {RouterBenchSupport.Percentile(latencies, 0.99):F3} ms, errors {errors}; redis-benchmark on the same server: {RequestsPerSecond(redisFigures)}"));
            return errors == 0 ? 0 : 1;
        }
        finally
        {
            redis.Kill(entireProcessTree: true);
            redis.Dispose();
        }
    }

    /// <summary>Decides and records decisions with the Router's own services (as /choose does, without the variant call).</summary>
    internal static async Task<string[]> RecordDecisionsAsync(IServiceProvider services, int count, CancellationToken cancellationToken)
    {
        var live = services.GetRequiredService<LiveExperiment>().Current;
        var snapshot = PosteriorSnapshot.Create(live.Config);
        var maker = services.GetRequiredService<DecisionMaker>();
        var secret = await services.GetRequiredService<DecisionSecret>().GetAsync(cancellationToken);
        var store = services.GetRequiredService<IBanditStore>();
        var tokens = new string[count];
        for (var start = 0; start < count; start += 1000)
        {
            var pending = new List<Task>(1000);
            for (var i = start; i < Math.Min(count, start + 1000); i++)
            {
                var user = i.ToString(CultureInfo.InvariantCulture);
                var d = maker.Decide(live, snapshot, user, ArmMask.None, secret);
                tokens[i] = d.Token;
                // With every arm's promised share, as /choose records it: without them the SRM check sees pulls nothing promised.
                pending.Add(store.RecordDecisionAsync(d.Experiment, d.ToRecord(user), cancellationToken));
            }

            await Task.WhenAll(pending);
        }

        return tokens;
    }

    internal static async Task<(List<double> Latencies, long Updates, int Errors, TimeSpan Elapsed)> LoadAsync(
        HttpClient http, string[] tokens, int clients, int batch, TimeSpan duration, CancellationToken cancellationToken)
    {
        var next = -1;
        long updates = 0;
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var perClient = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>(100_000);
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var size = Math.Max(1, batch);
                var first = Interlocked.Add(ref next, size) - size + 1;
                if (first + size > tokens.Length)
                {
                    break;
                }

                var start = Stopwatch.GetTimestamp();
                using var response = batch > 0
                    ? await http.PostAsJsonAsync("update", Enumerable.Range(first, size).Select(i => new { decisionId = tokens[i], reward = (double)(i & 1) }).ToArray(), cancellationToken)
                    : await http.PostAsJsonAsync("update", new { decisionId = tokens[first], reward = (double)(first & 1) }, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Add(ref updates, size);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }

            return latencies;
        }, cancellationToken)));
        return ([.. perClient.SelectMany(l => l)], updates, errors, clock.Elapsed);
    }

    /// <summary>"SET 22,366/s, INCR 20,024/s" from redis-benchmark's -q lines ("SET: 22366.00 requests per second, p50=...").</summary>
    private static string RequestsPerSecond(string redisBenchmarkOutput) => string.Join(", ", redisBenchmarkOutput.Split('\n')
        .Select(l => l.Split(':', 2))
        .Where(p => p.Length == 2 && p[1].Contains("requests per second", StringComparison.Ordinal))
        .Select(p => double.TryParse(p[1].Trim().Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var rps)
            ? string.Create(CultureInfo.InvariantCulture, $"{p[0].Trim()} {rps:N0}/s")
            : p[0].Trim() + " ?"));

    private static async Task<string> RunRedisBenchmarkAsync(int port, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("redis-benchmark") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-q", "-t", "set,incr", "-n", "100000", "-p", port.ToString(CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("redis-benchmark did not start");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);

        // -q prints progress lines ending in '\r'; keep the final result lines.
        return string.Join(Environment.NewLine, output.Split('\n').Select(l => l.Split('\r')[^1].Trim()).Where(l => l.Length > 0)) + Environment.NewLine;
    }
}
