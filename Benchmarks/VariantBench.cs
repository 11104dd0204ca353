using System.Globalization;
using Bandit.Mlflow;
using Bandit.Registry;

namespace Bandit.Benchmarks;

/// <summary>
/// <c>POST /recommend</c> (k = 10 over the full 9,742-movie catalogue) against a real Variants process on loopback,
/// serving models trained on all of ml-latest-small from a local registry started in this process.
/// <c>variant [--seconds 15] [--clients 8] [--warmup 3] [--k 10] [--max-user 700] [--model logistic|lightgbm|both] [--probe-only] [--wrk]</c>;
/// before each HTTP run it times the model alone in this process (<see cref="VariantScorerProbe"/>); --wrk adds a
/// second opinion from wrk (<see cref="VariantWrk"/>).
/// Goal per instance on 2 cores: p99 ≤ 50 ms and ≥ 200 requests/s. The load generator runs on the same machine,
/// so on a 2-core box it takes CPU from the variant: the figures are a lower bound.
/// </summary>
public sealed class VariantBench : IBench
{
    private const double GoalP99Ms = 50;
    private const double GoalThroughput = 200;

    public string Name => "variant";

    public string Description => "POST /recommend p50/p95/p99 and requests/s against a Variants process (--seconds, --clients, --warmup, --k, --model, --wrk)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var seconds = IntArg(args, "--seconds", 15);
        var clients = IntArg(args, "--clients", 8);
        var warmup = IntArg(args, "--warmup", 3);
        var k = IntArg(args, "--k", 10);
        var maxUser = IntArg(args, "--max-user", 700);
        var which = StringArg(args, "--model") ?? "both";
        var probeOnly = args.Contains("--probe-only");
        var wrk = args.Contains("--wrk");
        string[] kinds = which == "both" ? [VariantBenchModels.Logistic, VariantBenchModels.LightGbm] : [which];

        await using var registry = new LocalRegistryServer();
        await registry.StartAsync(cancellationToken);
        var client = new MlflowClient(new HttpClient { BaseAddress = registry.TrackingUri });
        var (_, examples, state) = VariantBenchModels.Prepare();
        var modelName = "movielens_ctr_ab";
        var failed = false;
        foreach (var kind in kinds)
        {
            var alias = kind == VariantBenchModels.Logistic ? "PolicyA" : "PolicyB";
            var version = await VariantBenchModels.PublishAsync(client, modelName, kind, examples, state, cancellationToken);
            await client.SetAliasAsync(modelName, alias, version.Version, cancellationToken);
            await VariantScorerProbe.RunAsync(client, version, k, maxUser, calls: 200, cancellationToken);
            if (probeOnly)
            {
                continue;
            }

            failed |= !await MeasureAsync(registry.TrackingUri, modelName, alias, kind, clients, k, maxUser, warmup, seconds, wrk, cancellationToken);
        }

        return failed ? 1 : 0;
    }

    private static async Task<bool> MeasureAsync(Uri trackingUri, string modelName, string alias, string kind, int clients, int k, int maxUser,
        int warmup, int seconds, bool wrk, CancellationToken cancellationToken)
    {
        await using var variant = await VariantProcess.StartAsync(trackingUri, modelName, alias, cancellationToken);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = variant.Address,
        };
        Console.WriteLine($"variant bench [{kind}, alias {alias}]: {variant.Address}, {clients} clients, k={k}, users 1..{maxUser}, {warmup} s warm-up, {seconds} s measured");
        Console.WriteLine("  GET /model: " + await http.GetStringAsync("/model", cancellationToken));
        await VariantLoad.RunAsync(http, clients, k, maxUser, TimeSpan.FromSeconds(warmup), cancellationToken);
        var cpuBefore = variant.CpuTime;
        var result = await VariantLoad.RunAsync(http, clients, k, maxUser, TimeSpan.FromSeconds(seconds), cancellationToken);
        var cpu = variant.CpuTime - cpuBefore;
        var cores = cpu / result.Elapsed;
        var cpuPerRequest = cpu.TotalMilliseconds / Math.Max(1, result.LatenciesMs.Count);

        var (p50, p95, p99) = (result.Percentile(0.50), result.Percentile(0.95), result.Percentile(0.99));
        var met = p99 <= GoalP99Ms && result.Throughput >= GoalThroughput && result.Errors == 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  requests: {result.LatenciesMs.Count:N0} in {result.Elapsed.TotalSeconds:F1} s = {result.Throughput:N0} req/s; errors: {result.Errors}{(result.FirstError is null ? "" : $" (first: {result.FirstError})")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  latency ms: p50 {p50:F2}  p95 {p95:F2}  p99 {p99:F2}  max {result.LatenciesMs[^1]:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  variant CPU: {cores:F2} cores busy, {cpuPerRequest:F2} ms per request (so about {2000 / cpuPerRequest:N0} req/s if it had 2 cores to itself); load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  goal p99 <= {GoalP99Ms} ms and >= {GoalThroughput} req/s: {(met ? "met" : "NOT met")}"));
        MachineInfo.Summary($"recommend {alias} ({kind}, {clients} clients, k={k})", string.Create(CultureInfo.InvariantCulture,
            $"{result.Throughput:N0} req/s, p50 {p50:F2} ms, p95 {p95:F2} ms, p99 {p99:F2} ms, errors {result.Errors}, variant CPU {cpuPerRequest:F2} ms/request; goal {(met ? "met" : "NOT met")}"));
        if (wrk)
        {
            await VariantWrk.RunAsync(variant.Address, clients, k, maxUser, seconds, cancellationToken);
        }

        return met;
    }

    private static int IntArg(string[] args, string name, int fallback) =>
        StringArg(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static string? StringArg(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
