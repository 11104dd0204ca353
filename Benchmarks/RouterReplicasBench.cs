using Bandit.TestSupport;
using System.CommandLine;
using System.Diagnostics;
using Bandit.Contracts;
using Bandit.Router;

namespace Bandit.Benchmarks;

/// <summary>
/// <c>/choose</c> and <c>/update</c> rates with 1, 2 and 4 Router replicas — each its own process (<c>dotnet
/// Bandit.Router.dll</c>, configured by environment as the launcher does) — in front of one pair of stand-in variant
/// processes (so the Routers are measured, not a model) and one redis-server, loaded by <c>wrk</c> (one process per
/// replica, the connections split between them). The CPU of every process is read from <c>/proc</c> before and after
/// each phase, so the table says what each request cost each part and which part saturates first.
/// <c>router-replicas [--replicas 1,2,4] [--seconds 6] [--warmup 2] [--connections 32]</c>
/// </summary>
public sealed class RouterReplicasBench : IBench
{
    private readonly Option<int[]> _replicas = BenchOptions.IntList("--replicas", "the numbers of Router processes to measure, one phase each", [1, 2, 4]);
    private readonly Option<int> _seconds = BenchOptions.Int("--seconds", "seconds of each phase", 6);
    private readonly Option<int> _warmup = BenchOptions.Int("--warmup", "seconds of warm-up", 2, min: 0);
    private readonly Option<int> _connections = BenchOptions.Int("--connections", "wrk connections, split between the replicas", 32);

    public string Name => "router-replicas";

    public string Description => "/choose and /update rates with 1, 2, 4 Router processes, one variant pair, one Redis; CPU per process";

    public IReadOnlyList<Option> Options => [_replicas, _seconds, _warmup, _connections];

    public IReadOnlyList<string> Tools(ParseResult options) => [BenchTools.RedisServer, BenchTools.Wrk];

    public async Task<int> RunAsync(ParseResult options, CancellationToken cancellationToken)
    {
        var replicaCounts = options.GetValue(_replicas)!;
        var seconds = options.GetValue(_seconds);
        var warmup = options.GetValue(_warmup);
        var connections = options.GetValue(_connections);

        var (redis, redisPort) = await RouterBenchSupport.StartRedisAsync(cancellationToken);
        var work = Directory.CreateTempSubdirectory("router-replicas-").FullName;
        try
        {
            await using var variantA = await StartVariantAsync(ResourceNames.VariantA, cancellationToken);
            await using var variantB = await StartVariantAsync(ResourceNames.VariantB, cancellationToken);
            var environment = new Dictionary<string, string>
            {
                ["ConnectionStrings__redis"] = $"127.0.0.1:{redisPort},abortConnect=false",
                [$"services__{ResourceNames.VariantA}__http__0"] = variantA.Address.ToString().TrimEnd('/'),
                [$"services__{ResourceNames.VariantB}__http__0"] = variantB.Address.ToString().TrimEnd('/'),
                ["Router__ExportInterval"] = "00:00:00",
                ["Router__UpdateRateLimit__PermitsPerSecond"] = "0", // measure capacity, not the per-client limit
            };

            // Decision ids for the /update phases are minted by a Router in this process on the same Redis (the
            // replicas share its decision secret there), between phases, so minting is never measured.
            await using var minter = new LocalRouterServer(new Dictionary<string, string?> { ["ConnectionStrings:redis"] = environment["ConnectionStrings__redis"], ["Router:ExportInterval"] = "00:00:00" });
            await minter.StartAsync(cancellationToken);
            Console.WriteLine($"router-replicas: redis-server on {redisPort}, stand-in variants on {variantA.Address} and {variantB.Address}; " +
                $"wrk with {connections} connections, {warmup} s warm-up + {seconds} s per phase; {Environment.ProcessorCount} cores");

            var rows = new List<ReplicaPhase>();
            var updateRate = 0.0;
            foreach (var n in replicaCounts)
            {
                var routers = new List<ServiceProcess>();
                environment[ConfigurationKeys.EnvironmentVariable(ConfigurationKeys.Router.OutageLogPath)] = Path.Combine(work, $"outage-{n}"); // not the logs of the previous run's replicas
                try
                {
                    for (var i = 0; i < n; i++)
                    {
                        routers.Add(await ServiceProcess.StartAsync($"router-{i + 1}", "Bandit.Router.dll", [], environment, "/alive", cancellationToken));
                    }

                    var meter = new PhaseMeter(routers, [variantA, variantB], redis.Id);
                    var choose = routers.Select(r => (r.Address, WrkLoad.ChooseScript)).ToArray();
                    await WrkLoad.RunAsync(choose, connections, warmup, cancellationToken);
                    var chosen = await meter.MeasureAsync(n, "/choose", () => WrkLoad.RunAsync(choose, connections, seconds, cancellationToken));
                    rows.Add(chosen);
                    Console.WriteLine(chosen);

                    // Enough ids that no wrk runs out (it would start again from its first: duplicates, a cheaper path).
                    var perPhase = (int)Math.Clamp(Math.Max(2 * updateRate, 15 * chosen.Load.RequestsPerSecond) * seconds, 20_000, 400_000);
                    var warm = await RouterBenchSupport.DecisionTokenFilesAsync(minter.Services, perPhase * warmup / seconds, n, work, $"warm-{n}", cancellationToken);
                    var measured = await RouterBenchSupport.DecisionTokenFilesAsync(minter.Services, perPhase, n, work, $"run-{n}", cancellationToken);
                    await WrkLoad.RunAsync([.. routers.Select((r, i) => (r.Address, WrkLoad.UpdateScript(warm[i])))], connections, warmup, cancellationToken);
                    var updated = await meter.MeasureAsync(n, "/update", () => WrkLoad.RunAsync([.. routers.Select((r, i) => (r.Address, WrkLoad.UpdateScript(measured[i])))], connections, seconds, cancellationToken));
                    rows.Add(updated);
                    Console.WriteLine(updated + (updated.Load.Requests > perPhase ? $" — {updated.Load.Requests - perPhase:N0} requests repeated an id (duplicates)" : ""));
                    updateRate = updated.Load.RequestsPerSecond;
                }
                finally
                {
                    foreach (var router in routers)
                    {
                        await router.DisposeAsync();
                    }
                }
            }

            ReplicaPhase.PrintTable(rows);
            var errors = rows.Sum(r => r.Load.Errors);
            MachineInfo.Summary($"router-replicas ({connections} connections, {Environment.ProcessorCount} cores)", ReplicaPhase.Headline(rows) + $"; errors {errors}");
            return errors == 0 ? 0 : 1;
        }
        finally
        {
            redis.Kill(entireProcessTree: true);
            redis.Dispose();
            Directory.Delete(work, recursive: true);
        }
    }

    private static Task<ServiceProcess> StartVariantAsync(string name, CancellationToken cancellationToken) =>
        ServiceProcess.StartAsync(name, "Bandit.Benchmarks.dll", ["stand-in-variant"], new Dictionary<string, string>(), "/", cancellationToken);

    /// <summary>Reads the CPU of every part of the system around one load phase.</summary>
    private sealed class PhaseMeter(IReadOnlyList<ServiceProcess> routers, IReadOnlyList<ServiceProcess> variants, int redisPid)
    {
        public async Task<ReplicaPhase> MeasureAsync(int replicas, string endpoint, Func<Task<WrkResult>> load)
        {
            var routersBefore = routers.Select(r => r.CpuSeconds).ToArray();
            var variantsBefore = variants.Sum(v => v.CpuSeconds);
            var redisBefore = ProcCpu.ProcessSeconds(redisPid);
            var machineBefore = ProcCpu.Machine();
            var clock = Stopwatch.StartNew();
            var result = await load();
            var wall = clock.Elapsed.TotalSeconds;
            var machineAfter = ProcCpu.Machine();
            return new ReplicaPhase(
                replicas, endpoint, result, wall,
                [.. routers.Select((r, i) => r.CpuSeconds - routersBefore[i])],
                variants.Sum(v => v.CpuSeconds) - variantsBefore,
                ProcCpu.ProcessSeconds(redisPid) - redisBefore,
                machineAfter.Busy - machineBefore.Busy);
        }
    }
}
