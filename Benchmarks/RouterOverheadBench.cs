using Bandit.TestSupport;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router;

namespace Bandit.Benchmarks;

/// <summary>
/// What the Router adds to a variant call: a stand-in variant and a Router (in-memory state, embedded config,
/// both arms on that variant) on loopback; each client alternates a direct <c>POST /recommend</c> and a
/// <c>POST /choose</c> through the Router, so both see the same load in the same run. Prints p50/p99 of each and
/// the difference (goal: ≤ 1 ms added at p50).
/// <c>router-overhead [--seconds 10] [--clients 4] [--warmup 2] [--strategy thompson]</c>
/// </summary>
public sealed class RouterOverheadBench : IBench
{
    private readonly Option<int> _seconds = BenchOptions.Int("--seconds", "seconds measured", 10);
    private readonly Option<int> _clients = BenchOptions.Int("--clients", "concurrent clients", 4);
    private readonly Option<int> _warmup = BenchOptions.Int("--warmup", "seconds of warm-up", 2, min: 0);
    private readonly Option<string> _strategy = BenchOptions.OneOf("--strategy", "the Router's allocation strategy", StrategyNames.Thompson, StrategyNames.All);

    public string Name => "router-overhead";

    public string Description => "p50/p99 of direct variant calls vs calls through the Router, same run and load";

    public IReadOnlyList<Option> Options => [_seconds, _clients, _warmup, _strategy];

    public async Task<int> RunAsync(ParseResult options, CancellationToken cancellationToken)
    {
        var seconds = options.GetValue(_seconds);
        var clients = options.GetValue(_clients);
        var warmup = options.GetValue(_warmup);
        var strategy = options.GetValue(_strategy)!;

        var variantPort = RouterBenchSupport.FreePort();
        await using var variant = await RouterBenchSupport.StartFakeVariantAsync(variantPort, cancellationToken);
        var variantAddress = $"http://127.0.0.1:{variantPort}";
        var config = RouterConfig.Default.WithStrategy(strategy);
        await using var router = new LocalRouterServer(new Dictionary<string, string?>
        {
            ["services:variant-a:http:0"] = variantAddress,
            ["services:variant-b:http:0"] = variantAddress,
            ["Router:EmbeddedConfig"] = config.ToJson(),
            ["Router:ExportInterval"] = "00:00:00",
        });
        await router.StartAsync(cancellationToken);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2, PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
        var direct = new Uri(variantAddress + "/recommend");
        var routed = new Uri(router.BaseAddress, "choose");
        Console.WriteLine($"router-overhead: strategy {config.Strategy}, in-memory state, {clients} clients, {warmup} s warm-up, {seconds} s measured, loopback");
        await LoopAsync(http, direct, routed, clients, TimeSpan.FromSeconds(warmup), cancellationToken);
        var (directMs, routedMs, errors, elapsed) = await LoopAsync(http, direct, routed, clients, TimeSpan.FromSeconds(seconds), cancellationToken);

        directMs.Sort();
        routedMs.Sort();
        string Line(string name, List<double> l) => string.Create(CultureInfo.InvariantCulture,
            $"{name,-14} n={l.Count,7:N0}  {l.Count / elapsed.TotalSeconds,7:N0} req/s  p50 {RouterBenchSupport.Percentile(l, 0.5):F3} ms  p99 {RouterBenchSupport.Percentile(l, 0.99):F3} ms");
        Console.WriteLine(Line("direct", directMs));
        Console.WriteLine(Line("via router", routedMs));
        var addedP50 = RouterBenchSupport.Percentile(routedMs, 0.5) - RouterBenchSupport.Percentile(directMs, 0.5);
        var addedP99 = RouterBenchSupport.Percentile(routedMs, 0.99) - RouterBenchSupport.Percentile(directMs, 0.99);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"added by the router: p50 {addedP50:F3} ms (goal <= 1 ms: {(addedP50 <= 1 ? "met" : "NOT met")}), p99 {addedP99:F3} ms; errors: {errors}"));
        MachineInfo.Summary($"router-overhead ({strategy}, {clients} clients)", string.Create(CultureInfo.InvariantCulture,
            $"direct p50 {RouterBenchSupport.Percentile(directMs, 0.5):F3} / p99 {RouterBenchSupport.Percentile(directMs, 0.99):F3} ms, via router p50 {RouterBenchSupport.Percentile(routedMs, 0.5):F3} / p99 {RouterBenchSupport.Percentile(routedMs, 0.99):F3} ms, added p50 {addedP50:F3} ms, p99 {addedP99:F3} ms; errors {errors}"));
        return errors == 0 ? 0 : 1;
    }

    private static async Task<(List<double> Direct, List<double> Routed, int Errors, TimeSpan Elapsed)> LoopAsync(
        HttpClient http, Uri direct, Uri routed, int clients, TimeSpan duration, CancellationToken cancellationToken)
    {
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var directMs = new List<double>(100_000);
            var routedMs = new List<double>(100_000);
            var user = c * 1_000_000L;
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                // Alternate so both kinds see the same load; swap the order each round so neither always goes first.
                var routedFirst = (user & 1) == 0;
                for (var pass = 0; pass < 2; pass++)
                {
                    var viaRouter = (pass == 0) == routedFirst;
                    var start = Stopwatch.GetTimestamp();
                    using var response = await http.PostAsJsonAsync(viaRouter ? routed : direct, new { userId = user, k = 10 }, cancellationToken);
                    await response.Content.LoadIntoBufferAsync(cancellationToken);
                    var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                        continue;
                    }

                    (viaRouter ? routedMs : directMs).Add(ms);
                }

                user++;
            }

            return (directMs, routedMs);
        }, cancellationToken)));
        return ([.. results.SelectMany(r => r.directMs)], [.. results.SelectMany(r => r.routedMs)], errors, clock.Elapsed);
    }
}
