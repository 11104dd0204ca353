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
/// <c>/update</c> single against bare Kestrel parsing the same body. The Router runs as it ships (<c>Bandit.Router.dll</c> in a
/// process of its own) on Redis, the floor in a process of its own (<c>stand-in-bare-update</c>, same server GC), with
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

    public IReadOnlyList<string> Tools(ParseResult options) => [BenchTools.RedisServer, BenchTools.Wrk];

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
        var work = Directory.CreateTempSubdirectory("router-floors-").FullName;
        try
        {
            // The Router as it ships (its own process, its own runtimeconfig: server GC) and the floor in a process of its
            // own with the same GC, so each one's CPU is its own and neither shares a heap with this bench.
            var environment = RouterBenchSupport.RouterEnvironment(redisPort, variantAddress, settings);
            await using var router = await ServiceProcess.StartAsync("router", "Bandit.Router.dll", [], environment, "/alive", cancellationToken);
            await using var bare = await ServiceProcess.StartAsync("bare", "Bandit.Benchmarks.dll", ["stand-in-bare-update"],
                new Dictionary<string, string> { ["DOTNET_gcServer"] = "1" }, "/", cancellationToken);
            var barePort = bare.Address.Port;
            await using var bareReward = await ServiceProcess.StartAsync("bare-reward", "Bandit.Benchmarks.dll", ["stand-in-bare-reward"],
                new Dictionary<string, string> { ["DOTNET_gcServer"] = "1", ["ConnectionStrings__redis"] = environment["ConnectionStrings__redis"] }, "/", cancellationToken);

            // The decisions are recorded through a Router hosted here on the same Redis (same secret, same experiment).
            await using var recorder = new LocalRouterServer(new Dictionary<string, string?> { ["ConnectionStrings:redis"] = $"127.0.0.1:{redisPort},abortConnect=false" });
            await recorder.StartAsync(cancellationToken);

            // Enough decisions that no update repeats one: ~30k/s at most, for every round and the warm-up, for the Router
            // and for the reward floor (both spend them); each wrk process of a run (two, for two load-generating threads)
            // reads its own file. A phase that outruns them anyway is reported and fails the bench (StayedFresh).
            var decisions = 2 * ((rounds * seconds) + warmup) * 30_000;
            var slices = await RouterBenchSupport.DecisionTokenFilesAsync(recorder.Services, decisions, 4 * (rounds + 1), work, "tokens", cancellationToken);
            Console.WriteLine($"router-floors: Policy A variant {variantAddress}, Router {router.Address} on Redis :{redisPort}, bare Kestrel :{barePort}; {decisions:N0} decisions recorded; wrk, {rounds} rounds of {seconds} s, {warmup} s warm-up{string.Concat(settings.Select(p => $"; {p.Key}={p.Value}"))}");

            var direct = new Uri(variantAddress);
            var bareUri = new Uri($"http://127.0.0.1:{barePort}");
            var rewardUri = bareReward.Address;
            var cpu = new Dictionary<string, List<double>>();

            // CPU per request of the process serving the phase (the Router, the bare endpoint or the variant), and of Redis
            // behind /update. Robust to a busy machine where rates are not.
            async Task<WrkResult> Measured(string key, ServiceProcess server, Func<Task<WrkResult>> run)
            {
                var (before, redisBefore) = (server.CpuSeconds, ProcCpu.ProcessSeconds(redis.Id));
                var result = await run();
                var requests = Math.Max(1, result.Requests);
                (cpu.TryGetValue(key, out var list) ? list : cpu[key] = []).Add((server.CpuSeconds - before) * 1e6 / requests);
                (cpu.TryGetValue(key + "-redis", out var r) ? r : cpu[key + "-redis"] = []).Add((ProcCpu.ProcessSeconds(redis.Id) - redisBefore) * 1e6 / requests);
                return result;
            }

            Task<WrkResult> Choose(Uri target, string path, int connections, int s) =>
                Measured((path == "/choose" ? "choose-" : "direct-") + connections, path == "/choose" ? router : variant.Service, () =>
                    WrkLoad.RunAsync([.. Enumerable.Repeat((target, WrkLoad.RecommendScript(path, maxUser: 700)), Math.Min(2, connections))], connections, s, cancellationToken));
            var repeated = 0;
            // The Router spends files 4r and 4r+1 of run r, the reward floor 4r+2 and 4r+3; bare Kestrel stores nothing.
            async Task<WrkResult> Update(Uri target, int run, int s)
            {
                var (key, server, first) = target == bareUri ? ("bare", bare, 4 * run) : target == rewardUri ? ("reward", bareReward, (4 * run) + 2) : ("update", router, 4 * run);
                var files = new[] { slices[first], slices[first + 1] };
                var result = await Measured(key, server, () =>
                    WrkLoad.RunAsync([.. files.Select(f => (target, WrkLoad.UpdateScript(f)))], updateConnections, s, cancellationToken));
                repeated += target != bareUri && !RouterBenchSupport.StayedFresh(result, files) ? 1 : 0;
                return result;
            }

            await Choose(direct, "/recommend", 8, warmup);
            await Choose(router.Address, "/choose", 8, warmup);
            await Update(bareUri, 0, warmup);
            await Update(rewardUri, 0, warmup);
            await Update(router.Address, 0, warmup);
            cpu.Clear();

            var runs = new Dictionary<string, List<WrkResult>>();
            void Add(string key, WrkResult result) => (runs.TryGetValue(key, out var list) ? list : runs[key] = []).Add(result);
            for (var round = 1; round <= rounds; round++)
            {
                // Floor and figure back to back in each round, their order swapped every round.
                var floorFirst = round % 2 == 1;
                if (!floorFirst)
                {
                    Add("reward", await Update(rewardUri, round, seconds));
                }

                foreach (var floor in floorFirst ? new[] { true, false } : [false, true])
                {
                    Add(floor ? "direct-8" : "choose-8", await Choose(floor ? direct : router.Address, floor ? "/recommend" : "/choose", 8, seconds));
                    Add(floor ? "direct-1" : "choose-1", await Choose(floor ? direct : router.Address, floor ? "/recommend" : "/choose", 1, seconds));
                    Add(floor ? "bare" : "update", await Update(floor ? bareUri : router.Address, round, seconds));
                }

                if (floorFirst)
                {
                    Add("reward", await Update(rewardUri, round, seconds));
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  round {round}: direct {runs["direct-8"][^1].RequestsPerSecond:N0} / choose {runs["choose-8"][^1].RequestsPerSecond:N0} req/s at 8; p50 direct {runs["direct-1"][^1].P50Ms:F3} / choose {runs["choose-1"][^1].P50Ms:F3} ms at 1; bare {runs["bare"][^1].RequestsPerSecond:N0} / reward floor {runs["reward"][^1].RequestsPerSecond:N0} / update {runs["update"][^1].RequestsPerSecond:N0} req/s at {updateConnections}; Router CPU/request choose {cpu["choose-8"][^1]:F0} / update {cpu["update"][^1]:F0} us (bare {cpu["bare"][^1]:F0} us); load {MachineInfo.LoadAverage()}"));
            }

            var met = RouterFloorTargets.Report(runs.ToDictionary(p => p.Key, p => Median(p.Value)), updateConnections);
            double Cpu(string key) => Mid(cpu[key]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  CPU per request (medians): Router /choose {Cpu("choose-8"):F0} us vs variant /recommend {Cpu("direct-8"):F0} us at 8 conn (Router {Cpu("choose-1"):F0} us at 1); Router /update {Cpu("update"):F0} us vs bare Kestrel {Cpu("bare"):F0} us and the reward floor {Cpu("reward"):F0} us; Redis behind each /update {Cpu("update-redis"):F0} us (reward floor {Cpu("reward-redis"):F0} us)"));
            if (repeated > 0)
            {
                Console.WriteLine($"  /update ran past its recorded decisions in {repeated} phase(s), so duplicates were counted: the /update figure overstates; rerun with fewer --seconds");
            }

            return met && repeated == 0 ? 0 : 1;
        }
        finally
        {
            redis.Kill(entireProcessTree: true);
            redis.Dispose();
            Directory.Delete(work, recursive: true);
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
