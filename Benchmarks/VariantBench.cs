using Bandit.TestSupport;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Bandit.Contracts;
using Bandit.Mlflow;
using Bandit.Registry;

namespace Bandit.Benchmarks;

/// <summary>
/// <c>POST /recommend</c> (k = 10 over the full 9,742-movie catalogue) against a real Variants process on loopback,
/// serving models trained on all of ml-latest-small from a local registry started in this process.
/// <c>variant [--seconds 15] [--clients 8] [--warmup 3] [--k 10] [--max-user 700] [--model logistic|lightgbm|both] [--probe-only] [--wrk]</c>;
/// before each HTTP run it times the model alone in this process (<see cref="VariantScorerProbe"/>); --wrk adds a
/// second opinion from wrk (<see cref="VariantWrk"/>). Both policies are measured one after the other in the same
/// run and compared in one table against the targets of <see cref="VariantTargets"/>. The load generator runs on the
/// same machine, so on a 2-core box it takes CPU from the variant: the figures are a lower bound.
/// </summary>
public sealed class VariantBench : IBench
{
    private const string Both = "both";
    private readonly Option<int> _seconds = BenchOptions.Int("--seconds", "seconds measured per policy", 15);
    private readonly Option<int> _clients = BenchOptions.Int("--clients", "concurrent clients", 8);
    private readonly Option<int> _warmup = BenchOptions.Int("--warmup", "seconds of warm-up", 3, min: 0);
    private readonly Option<int> _k = BenchOptions.Int("--k", "recommendations per request", 10);
    private readonly Option<int> _maxUser = BenchOptions.Int("--max-user", "user ids drawn from 1..n (ml-latest-small has 610, the rest are cold starts)", 700);
    private readonly Option<string> _model = BenchOptions.OneOf("--model", "the policies to measure", Both, [VariantBenchModels.Logistic, VariantBenchModels.LightGbm, Both]);
    private readonly Option<bool> _probeOnly = BenchOptions.Flag("--probe-only", "time the model in this process only, no HTTP");
    private readonly Option<bool> _wrk = BenchOptions.Flag("--wrk", "add a second opinion from wrk");

    public string Name => "variant";

    public string Description => "POST /recommend for Policy A and B side by side against their targets";

    public IReadOnlyList<Option> Options => [_seconds, _clients, _warmup, _k, _maxUser, _model, _probeOnly, _wrk];

    public IReadOnlyList<string> Tools(ParseResult options) => options.GetValue(_wrk) ? [BenchTools.Wrk] : [];

    public async Task<int> RunAsync(ParseResult options, CancellationToken cancellationToken)
    {
        var seconds = options.GetValue(_seconds);
        var clients = options.GetValue(_clients);
        var warmup = options.GetValue(_warmup);
        var k = options.GetValue(_k);
        var maxUser = options.GetValue(_maxUser);
        var which = options.GetValue(_model)!;
        var probeOnly = options.GetValue(_probeOnly);
        var wrk = options.GetValue(_wrk);
        string[] kinds = which == Both ? [VariantBenchModels.Logistic, VariantBenchModels.LightGbm] : [which];

        await using var registry = new LocalRegistryServer();
        await registry.StartAsync(cancellationToken);
        var client = new MlflowClient(new HttpClient { BaseAddress = registry.TrackingUri });
        var (_, examples, state) = VariantBenchModels.Prepare();
        var modelName = RegistryNames.PolicyModel;
        var results = new List<VariantResult>();
        foreach (var kind in kinds)
        {
            var alias = kind == VariantBenchModels.Logistic ? RegistryNames.PolicyA : RegistryNames.PolicyB;
            var version = await VariantBenchModels.PublishAsync(client, modelName, kind, examples, state, cancellationToken);
            await client.SetAliasAsync(modelName, alias, version.Version, cancellationToken);
            await VariantScorerProbe.RunAsync(client, version, k, maxUser, calls: 200, cancellationToken);
            if (!probeOnly)
            {
                results.Add(await MeasureAsync(registry.TrackingUri, modelName, alias, kind, clients, k, maxUser, warmup, seconds, wrk, cancellationToken));
            }
        }

        return results.Count == 0 || VariantTargets.Report(results, clients, k) ? 0 : 1;
    }

    private static async Task<VariantResult> MeasureAsync(Uri trackingUri, string modelName, string alias, string kind, int clients, int k, int maxUser,
        int warmup, int seconds, bool wrk, CancellationToken cancellationToken)
    {
        var starting = Stopwatch.StartNew();
        await using var variant = await VariantProcess.StartAsync(trackingUri, modelName, alias, cancellationToken);
        var ready = starting.Elapsed;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = variant.Address,
        };
        var model = await http.GetStringAsync("/model", cancellationToken);
        var engine = System.Text.Json.JsonDocument.Parse(model).RootElement.GetProperty("scoring").GetString() ?? "?";
        // A tree ensemble serves per request at once and from its users' lists once they are built in the background:
        // measure what it serves for good (bounded: a catalogue over the lists' size budget stays per request).
        var listing = Stopwatch.StartNew();
        while (engine == Bandit.Variants.Serving.Ranking.ExactTreeRanker.EngineName && listing.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(500, cancellationToken);
            model = await http.GetStringAsync("/model", cancellationToken);
            engine = System.Text.Json.JsonDocument.Parse(model).RootElement.GetProperty("scoring").GetString() ?? "?";
        }

        if (listing.Elapsed > TimeSpan.FromSeconds(1))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  serving per request at once; {engine} {listing.Elapsed.TotalSeconds:F1} s after healthy"));
        }
        Console.WriteLine($"variant bench [{kind}, alias {alias}]: {variant.Address}, {clients} clients, k={k}, users 1..{maxUser}, {warmup} s warm-up, {seconds} s measured");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  started, downloaded and loaded the model (healthy) in {ready.TotalSeconds:F1} s"));
        Console.WriteLine("  GET /model: " + model);
        await VariantLoad.RunAsync(http, clients, k, maxUser, TimeSpan.FromSeconds(warmup), cancellationToken);
        var cpuBefore = variant.CpuTime;
        var load = await VariantLoad.RunAsync(http, clients, k, maxUser, TimeSpan.FromSeconds(seconds), cancellationToken);
        var cpu = variant.CpuTime - cpuBefore;
        var result = new VariantResult(alias, kind, engine, load, cpu, ready);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  requests: {load.LatenciesMs.Count:N0} in {load.Elapsed.TotalSeconds:F1} s = {load.Throughput:N0} req/s; errors: {load.Errors}{(load.FirstError is null ? "" : $" (first: {load.FirstError})")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  latency ms: p50 {result.P50:F2}  p95 {result.P95:F2}  p99 {result.P99:F2}  max {load.LatenciesMs[^1]:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  variant CPU: {cpu / load.Elapsed:F2} cores busy, {result.CpuMsPerRequest:F2} ms per request (so about {2000 / result.CpuMsPerRequest:N0} req/s if it had 2 cores to itself); load average {MachineInfo.LoadAverage()}"));
        if (wrk)
        {
            await VariantWrk.RunAsync(variant.Address, clients, k, maxUser, seconds, cancellationToken);
        }

        return result;
    }
}
