using Bandit.TestSupport;
using System.CommandLine;
using System.Globalization;
using Bandit.Contracts;
using Bandit.Mlflow;
using Bandit.Registry;
using Bandit.Router;

namespace Bandit.Benchmarks;

/// <summary>
/// The Router's hot paths beside their floors, in one run with one load generator (wrk): <c>/choose</c> through the
/// Router against the direct call to a real Policy A variant (rate at 8 connections, p50 at 1 connection), and
/// <c>/update</c> single against bare Kestrel parsing the same body. The Router runs in this process on Redis, with
/// its rate limiter set far above what is sent (so its cost counts, not its cap); each figure and its floor
/// alternate for a few rounds and the medians are compared (<see cref="RouterFloorTargets"/>).
/// <c>router-floors [--seconds 5] [--rounds 3] [--warmup 2] [--update-connections 32] [--set key=value]…</c>; each
/// <c>--set</c> is a configuration key for the Router (e.g. <c>--set OTEL_TRACES_SAMPLER=parentbased_traceidratio</c>),
/// to measure a production setting beside the default.
/// </summary>
public sealed class RouterFloorBench : IBench
{
    private readonly Option<int> _seconds = BenchOptions.Int("--seconds", "seconds of each figure and of its floor per round", 5);
    private readonly Option<int> _rounds = BenchOptions.Int("--rounds", "rounds (medians are compared)", 3);
    private readonly Option<int> _warmup = BenchOptions.Int("--warmup", "seconds of warm-up", 2, min: 0);
    private readonly Option<int> _updateConnections = BenchOptions.Int("--update-connections", "wrk connections for /update", 32);
    private readonly Option<KeyValuePair<string, string>[]> _set = BenchOptions.Settings("--set",
        "a configuration key for the Router (e.g. OTEL_TRACES_SAMPLER=parentbased_traceidratio), a later one winning");

    public string Name => "router-floors";

    public string Description => "/choose via the Router vs the direct Policy A call, /update vs bare Kestrel, all with wrk";

    public IReadOnlyList<Option> Options => [_seconds, _rounds, _warmup, _updateConnections, _set];

    public async Task<int> RunAsync(ParseResult options, CancellationToken cancellationToken)
    {
        var seconds = options.GetValue(_seconds);
        var rounds = options.GetValue(_rounds);
        var warmup = options.GetValue(_warmup);
        var updateConnections = options.GetValue(_updateConnections);
        var settings = options.GetValue(_set)!.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)).ToArray();

        await using var registry = new LocalRegistryServer();
        await registry.StartAsync(cancellationToken);
        var mlflow = new MlflowClient(new HttpClient { BaseAddress = registry.TrackingUri });
        var (_, examples, state) = VariantBenchModels.Prepare();
        var version = await VariantBenchModels.PublishAsync(mlflow, RegistryNames.PolicyModel, VariantBenchModels.Logistic, examples, state, cancellationToken);
        await mlflow.SetAliasAsync(RegistryNames.PolicyModel, RegistryNames.PolicyA, version.Version, cancellationToken);
        await using var variant = await VariantProcess.StartAsync(registry.TrackingUri, RegistryNames.PolicyModel, RegistryNames.PolicyA, cancellationToken);
        var variantAddress = variant.Address.ToString().TrimEnd('/');

        var (redis, redisPort) = await RouterBenchSupport.StartRedisAsync(cancellationToken);
        var barePort = RouterBenchSupport.FreePort();
        await using var bare = await RouterBenchSupport.StartBareUpdateEndpointAsync(barePort, cancellationToken);
        var files = new List<string>();
        try
        {
            await using var router = new LocalRouterServer(new Dictionary<string, string?>
            {
                ["ConnectionStrings:redis"] = $"127.0.0.1:{redisPort},abortConnect=false",
                ["services:variant-a:http:0"] = variantAddress,
                ["services:variant-b:http:0"] = variantAddress,
                ["Router:ExportInterval"] = "00:00:00",
                ["Router:UpdateRateLimit:PermitsPerSecond"] = "10000000",
                ["Router:UpdateRateLimit:Burst"] = "10000000",
            }.Concat(settings).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value));
            await router.StartAsync(cancellationToken);

            // Enough decisions that no update repeats one: ~20k/s at most, for every round and the warm-up; each wrk
            // process of a run (two, for two load-generating threads) reads its own file.
            var tokens = await RouterUpdateBench.RecordDecisionsAsync(router.Services, ((rounds * seconds) + warmup) * 20_000, cancellationToken);
            var slices = tokens.Chunk(Math.Max(1, tokens.Length / (2 * (rounds + 1)))).Select(chunk =>
            {
                var file = Path.Combine(Path.GetTempPath(), $"bench-tokens-{Guid.NewGuid():N}.txt");
                File.WriteAllLines(file, chunk);
                files.Add(file);
                return file;
            }).ToArray();
            Console.WriteLine($"router-floors: Policy A variant {variantAddress}, Router {router.BaseAddress} on Redis :{redisPort}, bare Kestrel :{barePort}; {tokens.Length:N0} decisions recorded; wrk, {rounds} rounds of {seconds} s, {warmup} s warm-up{string.Concat(settings.Select(p => $"; {p.Key}={p.Value}"))}");

            var direct = new Uri(variantAddress);
            var bareUri = new Uri($"http://127.0.0.1:{barePort}");
            var cpu = new Dictionary<string, List<double>>();

            // CPU per request of whichever process serves the phase: this one hosts the Router and the bare endpoint, the
            // variant runs in its own. Robust to a busy machine where rates are not: the lead compares these before/after.
            async Task<WrkResult> Measured(string key, bool inVariant, Func<Task<WrkResult>> run)
            {
                double Seconds() => inVariant ? variant.CpuTime.TotalSeconds : ProcCpu.ProcessSeconds(Environment.ProcessId);
                var before = Seconds();
                var result = await run();
                (cpu.TryGetValue(key, out var list) ? list : cpu[key] = []).Add((Seconds() - before) * 1e6 / Math.Max(1, result.Requests));
                return result;
            }

            Task<WrkResult> Choose(Uri target, string path, int connections, int s) =>
                Measured((path == "/choose" ? "choose-" : "direct-") + connections, path != "/choose", () =>
                    WrkLoad.RunAsync([.. Enumerable.Repeat((target, WrkLoad.RecommendScript(path, maxUser: 700)), Math.Min(2, connections))], connections, s, cancellationToken));
            Task<WrkResult> Update(Uri target, int run, int s) =>
                Measured(target == bareUri ? "bare" : "update", false, () =>
                    WrkLoad.RunAsync([(target, WrkLoad.UpdateScript(slices[2 * run])), (target, WrkLoad.UpdateScript(slices[(2 * run) + 1]))], updateConnections, s, cancellationToken));

            await Choose(direct, "/recommend", 8, warmup);
            await Choose(router.BaseAddress, "/choose", 8, warmup);
            await Update(bareUri, 0, warmup);
            await Update(router.BaseAddress, 0, warmup);
            cpu.Clear();

            var runs = new Dictionary<string, List<WrkResult>>();
            void Add(string key, WrkResult result) => (runs.TryGetValue(key, out var list) ? list : runs[key] = []).Add(result);
            for (var round = 1; round <= rounds; round++)
            {
                // Floor and figure back to back in each round, their order swapped every round.
                var floorFirst = round % 2 == 1;
                foreach (var floor in floorFirst ? new[] { true, false } : [false, true])
                {
                    Add(floor ? "direct-8" : "choose-8", await Choose(floor ? direct : router.BaseAddress, floor ? "/recommend" : "/choose", 8, seconds));
                    Add(floor ? "direct-1" : "choose-1", await Choose(floor ? direct : router.BaseAddress, floor ? "/recommend" : "/choose", 1, seconds));
                    Add(floor ? "bare" : "update", await Update(floor ? bareUri : router.BaseAddress, round, seconds));
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  round {round}: direct {runs["direct-8"][^1].RequestsPerSecond:N0} / choose {runs["choose-8"][^1].RequestsPerSecond:N0} req/s at 8; p50 direct {runs["direct-1"][^1].P50Ms:F3} / choose {runs["choose-1"][^1].P50Ms:F3} ms at 1; bare {runs["bare"][^1].RequestsPerSecond:N0} / update {runs["update"][^1].RequestsPerSecond:N0} req/s at {updateConnections}; Router CPU/request choose {cpu["choose-8"][^1]:F0} / update {cpu["update"][^1]:F0} us (bare {cpu["bare"][^1]:F0} us); load {MachineInfo.LoadAverage()}"));
            }

            var met = RouterFloorTargets.Report(runs.ToDictionary(p => p.Key, p => Median(p.Value)), updateConnections);
            double Cpu(string key) => Mid(cpu[key]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  CPU per request (medians): Router /choose {Cpu("choose-8"):F0} us vs variant /recommend {Cpu("direct-8"):F0} us at 8 conn (Router {Cpu("choose-1"):F0} us at 1); Router /update {Cpu("update"):F0} us vs bare Kestrel {Cpu("bare"):F0} us"));
            return met ? 0 : 1;
        }
        finally
        {
            redis.Kill(entireProcessTree: true);
            redis.Dispose();
            files.ForEach(File.Delete);
        }
    }

    /// <summary>The median of each figure over the rounds (counts summed).</summary>
    private static WrkResult Median(IReadOnlyList<WrkResult> runs) =>
        new(runs.Sum(r => r.Requests), Mid(runs.Select(r => r.RequestsPerSecond)), Mid(runs.Select(r => r.P50Ms)), Mid(runs.Select(r => r.P99Ms)),
            runs.Sum(r => r.Errors), runs.Sum(r => r.CpuSeconds), runs.Max(r => r.BusiestCpuSeconds));

    private static double Mid(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
