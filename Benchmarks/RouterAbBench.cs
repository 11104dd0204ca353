using System.CommandLine;
using System.Globalization;
using Bandit.Mlflow;
using Bandit.Registry;
using Bandit.Router;
using Bandit.TestSupport;

namespace Bandit.Benchmarks;

/// <summary>
/// Two Router configurations side by side in one process, paired rounds against the same Policy A variant and Redis:
/// A has the defaults, B adds each <c>--b key=value</c>. Each round runs <c>/choose</c> (8 connections) and <c>/update</c>
/// (32) on A and on B, in alternating order, and measures this process's CPU per request while each runs (the other
/// Router is idle). On a busy machine the rates move together, so the B/A ratio of CPU per request is what to read: it
/// says what a setting costs or saves. <c>router-ab [--seconds 5] [--rounds 4] [--warmup-rounds 2] [--a-dll path] [--b-dll path] --b key=value …</c>; A and B
/// are Router processes (Bandit.Router.dll beside this one unless a path is given, e.g. a build of another commit).
/// </summary>
public sealed class RouterAbBench : IBench
{
    private const string RouterDll = "Bandit.Router.dll";
    private readonly Option<int> _seconds = BenchOptions.Int("--seconds", "seconds of each phase", 5);
    private readonly Option<int> _rounds = BenchOptions.Int("--rounds", "measured rounds", 4);
    private readonly Option<int> _warmup = BenchOptions.Int("--warmup-rounds", "rounds of warm-up", 2, min: 0);
    private readonly Option<string> _aDll = BenchOptions.ExistingFile("--a-dll", "Router A (a path relative to this bench's folder, or absolute, e.g. a build of another commit)", RouterDll);
    private readonly Option<string> _bDll = BenchOptions.ExistingFile("--b-dll", "Router B, as --a-dll", RouterDll);
    private readonly Option<KeyValuePair<string, string>[]> _b = BenchOptions.Settings("--b", "a configuration key of Router B, a later one winning");

    public string Name => "router-ab";

    public string Description => "Router CPU per /choose and /update under two configurations, paired rounds";

    public IReadOnlyList<Option> Options => [_seconds, _rounds, _warmup, _aDll, _bDll, _b];

    public IReadOnlyList<string> Tools(ParseResult options) => [BenchTools.RedisServer, BenchTools.Wrk];

    public async Task<int> RunAsync(ParseResult options, CancellationToken cancellationToken)
    {
        var seconds = options.GetValue(_seconds);
        var rounds = options.GetValue(_rounds);
        var warmup = options.GetValue(_warmup);
        var b = options.GetValue(_b)!.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => (string?)g.Last().Value);

        await using var registry = new LocalRegistryServer();
        await registry.StartAsync(cancellationToken);
        var mlflow = new MlflowClient(new HttpClient { BaseAddress = registry.TrackingUri });
        var (_, examples, state) = VariantBenchModels.Prepare();
        var version = await VariantBenchModels.PublishAsync(mlflow, "movielens_ctr_ab", VariantBenchModels.Logistic, examples, state, cancellationToken);
        await mlflow.SetAliasAsync("movielens_ctr_ab", "PolicyA", version.Version, cancellationToken);
        await using var variant = await VariantProcess.StartAsync(registry.TrackingUri, "movielens_ctr_ab", "PolicyA", cancellationToken);
        var (redis, redisPort) = await RouterBenchSupport.StartRedisAsync(cancellationToken);
        var work = Directory.CreateTempSubdirectory("router-ab-").FullName;
        try
        {
            Dictionary<string, string> Environment(IReadOnlyDictionary<string, string?> extra) =>
                RouterBenchSupport.RouterEnvironment(redisPort, variant.Address.ToString().TrimEnd('/'), extra);

            var dllA = options.GetValue(_aDll)!;
            var dllB = options.GetValue(_bDll)!;
            await using var routerA = await ServiceProcess.StartAsync("router-a", dllA, [], Environment(new Dictionary<string, string?>()), "/alive", cancellationToken);
            await using var routerB = await ServiceProcess.StartAsync("router-b", dllB, [], Environment(b), "/alive", cancellationToken);

            // The decisions are recorded through a Router hosted here on the same Redis (same secret, same experiment).
            await using var recorder = new LocalRouterServer(new Dictionary<string, string?> { ["ConnectionStrings:redis"] = $"127.0.0.1:{redisPort},abortConnect=false" });
            await recorder.StartAsync(cancellationToken);
            var slices = await RouterBenchSupport.DecisionTokenFilesAsync(recorder.Services, (rounds + warmup) * 2 * seconds * 30_000, 2 * 2 * (rounds + warmup), work, "tokens", cancellationToken);
            Console.WriteLine($"router-ab: A = {dllA}, B = {dllB} with {string.Join(", ", b.Select(p => $"{p.Key}={p.Value}"))}; {rounds} rounds of {seconds} s; load {MachineInfo.LoadAverage()}");

            var next = 0;
            var repeated = 0; // /update phases that ran past their decisions (RouterBenchSupport.StayedFresh)
            var cpu = new Dictionary<string, List<double>>();
            async Task Phase(string key, ServiceProcess router, string script, int connections, int s)
            {
                var variantBefore = variant.CpuTime.TotalSeconds;
                var before = router.CpuSeconds;
                var result = await WrkLoad.RunAsync([(router.Address, script), (router.Address, script)], connections, s, cancellationToken);
                var us = (router.CpuSeconds - before) * 1e6 / Math.Max(1, result.Requests);
                var variantUs = (variant.CpuTime.TotalSeconds - variantBefore) * 1e6 / Math.Max(1, result.Requests);
                (cpu.TryGetValue(key, out var list) ? list : cpu[key] = []).Add(us);
                (cpu.TryGetValue(key + "-variant", out var v) ? v : cpu[key + "-variant"] = []).Add(variantUs);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {key,-9} {result.RequestsPerSecond,8:N0} req/s  {us,6:F1} us CPU/request  (variant {variantUs:F0} us)  errors {result.Errors}"));
            }

            Task Run(string name, ServiceProcess router, int s, bool record = true) => RunRouter(name, router, s, record);
            async Task RunRouter(string name, ServiceProcess router, int s, bool record)
            {
                await Phase((record ? "" : "warm-") + name + "-choose", router, ChooseScript, 8, s);
                var (f1, f2) = (slices[next++ % slices.Length], slices[next++ % slices.Length]);
                var (before, redisBefore) = (router.CpuSeconds, ProcCpu.ProcessSeconds(redis.Id));
                var result = await WrkLoad.RunAsync([(router.Address, WrkLoad.UpdateScript(f1)), (router.Address, WrkLoad.UpdateScript(f2))], 32, s, cancellationToken);
                repeated += RouterBenchSupport.StayedFresh(result, f1, f2) ? 0 : 1;
                var requests = Math.Max(1, result.Requests);
                var (us, redisUs) = ((router.CpuSeconds - before) * 1e6 / requests, (ProcCpu.ProcessSeconds(redis.Id) - redisBefore) * 1e6 / requests);
                var key = (record ? "" : "warm-") + name + "-update";
                (cpu.TryGetValue(key, out var list) ? list : cpu[key] = []).Add(us);
                (cpu.TryGetValue(key + "-redis", out var r) ? r : cpu[key + "-redis"] = []).Add(redisUs);
                (cpu.TryGetValue(key + "-rate", out var q) ? q : cpu[key + "-rate"] = []).Add(result.RequestsPerSecond);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {key,-9} {result.RequestsPerSecond,8:N0} req/s  {us,6:F1} us CPU/request  (Redis {redisUs:F1} us)  errors {result.Errors}"));
            }

            // Whole unrecorded rounds first: on a busy machine tiered compilation takes that long to finish (CPU per
            // request keeps falling until it has).
            for (var round = 0; round < warmup; round++)
            {
                await Run("A", routerA, seconds, record: false);
                await Run("B", routerB, seconds, record: false);
            }
            for (var round = 1; round <= rounds; round++)
            {
                Console.WriteLine($"  round {round} (load {MachineInfo.LoadAverage()})");
                foreach (var (name, router) in round % 2 == 1 ? new[] { ("A", routerA), ("B", routerB) } : [("B", routerB), ("A", routerA)])
                {
                    await Run(name, router, seconds);
                }
            }

            static double Mid(List<double> v)
            {
                var s = v.Order().ToArray();
                return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
            }

            foreach (var path in new[] { "choose", "update" })
            {
                var (a, bb) = (Mid(cpu["A-" + path]), Mid(cpu["B-" + path]));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"/{path}: Router CPU per request, median of {rounds}: A {a:F1} us, B {bb:F1} us, B/A {bb / a:F2}"));
                if (cpu.ContainsKey("A-" + path + "-variant"))
                {
                    var (va, vb) = (Mid(cpu["A-" + path + "-variant"]), Mid(cpu["B-" + path + "-variant"]));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"/{path}: the variant's CPU per request behind it: A {va:F1} us, B {vb:F1} us, B/A {vb / va:F2}"));
                }
            }

            // A change to the reward script shows in Redis, not in the Router; the rate is what both add up to.
            foreach (var (suffix, label, unit, format) in new[] { ("-redis", "Redis CPU per request", " us", "F1"), ("-rate", "rate", " req/s", "N0") })
            {
                var (a, bb) = (Mid(cpu["A-update" + suffix]), Mid(cpu["B-update" + suffix]));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"/update: {label}, median of {rounds}: A {a.ToString(format, CultureInfo.InvariantCulture)}{unit}, B {bb.ToString(format, CultureInfo.InvariantCulture)}{unit}, B/A {bb / a:F2}"));
            }

            if (repeated > 0)
            {
                Console.WriteLine($"/update ran past its recorded decisions in {repeated} phase(s), so duplicates were counted: the /update figures overstate; rerun with fewer --seconds");
            }

            return repeated == 0 ? 0 : 1;
        }
        finally
        {
            redis.Kill(entireProcessTree: true);
            redis.Dispose();
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>POST /choose {userId: random 1..700 (ml-latest-small's users and some cold starts), k: 10}.</summary>
    private static readonly string ChooseScript = WrkLoad.RecommendScript("/choose", maxUser: 700);
}
