using Bandit.TestSupport;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Bandit.Contracts;
using Bandit.Mlflow;
using Bandit.Registry;
using Bandit.Training.Reporting;

namespace Bandit.Benchmarks;

/// <summary>
/// Alias lookups (<c>GET registered-models/alias</c>, what every Variant and the Router poll) against the local
/// registry started in this process on a free loopback port with a temporary data folder: N concurrent clients
/// for a fixed time, then lookups/s and latency percentiles.
/// <c>registry [--seconds 10] [--clients 16] [--warmup 2] [--tracking-uri URI]</c>; with --tracking-uri it measures
/// that server instead (e.g. a real MLflow) and starts nothing.
/// </summary>
public sealed class RegistryBench : IBench
{
    private readonly Option<int> _seconds = BenchOptions.Int("--seconds", "seconds measured", 10);
    private readonly Option<int> _clients = BenchOptions.Int("--clients", "concurrent clients", 16);
    private readonly Option<int> _warmup = BenchOptions.Int("--warmup", "seconds of warm-up", 2, min: 0);
    private readonly Option<Uri?> _trackingUri = BenchOptions.HttpUri("--tracking-uri", "measure this server instead (e.g. a real MLflow) and start nothing");

    public string Name => "registry";

    public string Description => "alias lookups/s and p50/p95/p99 latency against the local registry";

    public IReadOnlyList<Option> Options => [_seconds, _clients, _warmup, _trackingUri];

    public async Task<int> RunAsync(ParseResult options, CancellationToken cancellationToken)
    {
        var seconds = options.GetValue(_seconds);
        var clients = options.GetValue(_clients);
        var warmup = options.GetValue(_warmup);
        var external = options.GetValue(_trackingUri);

        await using var local = external is null ? new LocalRegistryServer() : null;
        if (local is not null)
        {
            await local.StartAsync(cancellationToken);
        }

        var trackingUri = local?.TrackingUri ?? external!;
        // A connect timeout, so an address that drops packets fails in seconds, not after the OS's minutes of retries.
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clients,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        })
        {
            BaseAddress = trackingUri,
        };
        var client = new MlflowClient(http);
        var name = $"bench-{Guid.NewGuid():N}";
        try
        {
            await RegisterAsync(client, name, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or MlflowException or JsonException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The bench cannot start, and the cause is the server (usually a wrong --tracking-uri): one line, not a stack trace.
            var what = e switch
            {
                HttpRequestException => "is unreachable",
                OperationCanceledException => "did not answer in time",
                JsonException => "did not answer as an MLflow registry",
                _ => "answered with an error",
            };
            await Console.Error.WriteLineAsync($"registry bench: the registry at {trackingUri} {what}: {ConsoleText.OneLine(e.Message, 300)}");
            return BenchCommandLine.Failed;
        }

        Console.WriteLine($"registry bench: {(local is null ? "external server" : "local registry in-process")} at {trackingUri}, {clients} clients, {warmup} s warm-up, {seconds} s measured");
        await LoopAsync(client, name, clients, TimeSpan.FromSeconds(warmup), cancellationToken);
        var (latencies, errors, elapsed) = await LoopAsync(client, name, clients, TimeSpan.FromSeconds(seconds), cancellationToken);

        latencies.Sort();
        double Percentile(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lookups: {latencies.Count:N0} in {elapsed.TotalSeconds:F1} s = {latencies.Count / elapsed.TotalSeconds:N0} lookups/s; errors: {errors}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency ms: p50 {Percentile(0.50):F3}  p95 {Percentile(0.95):F3}  p99 {Percentile(0.99):F3}  max {latencies.LastOrDefault():F3}"));
        MachineInfo.Summary($"registry alias lookups ({clients} clients)", string.Create(CultureInfo.InvariantCulture,
            $"{latencies.Count / elapsed.TotalSeconds:N0} lookups/s, p50 {Percentile(0.50):F3} ms, p99 {Percentile(0.99):F3} ms, errors {errors}"));
        return errors == 0 ? 0 : 1;
    }

    /// <summary>One registered model with its <c>PolicyA</c> alias on a version, the lookup every client then repeats.</summary>
    private static async Task RegisterAsync(MlflowClient client, string name, CancellationToken cancellationToken)
    {
        var experimentId = await client.GetOrCreateExperimentAsync(name, cancellationToken);
        var run = await client.CreateRunAsync(experimentId, "bench", cancellationToken: cancellationToken);
        await client.CreateRegisteredModelAsync(name, cancellationToken: cancellationToken);
        var version = await client.CreateModelVersionAsync(name, run.Info.ArtifactUri + "/model", run.Info.RunId, cancellationToken: cancellationToken);
        await client.SetAliasAsync(name, RegistryNames.PolicyA, version.Version, cancellationToken);
    }

    private static async Task<(List<double> LatenciesMs, int Errors, TimeSpan Elapsed)> LoopAsync(MlflowClient client, string name, int clients, TimeSpan duration, CancellationToken cancellationToken)
    {
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var deadline = duration.Ticks;
        var perClient = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>(100_000);
            while (clock.Elapsed.Ticks < deadline && !cancellationToken.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await client.GetModelVersionByAliasAsync(name, RegistryNames.PolicyA, cancellationToken);
                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                catch (Exception e) when (e is MlflowException or HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
            }

            return latencies;
        }, cancellationToken)));
        return (perClient.SelectMany(l => l).ToList(), errors, clock.Elapsed);
    }
}
