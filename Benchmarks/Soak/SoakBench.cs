using System.CommandLine;
using System.Globalization;
using Bandit.Contracts;

namespace Bandit.Benchmarks.Soak;

/// <summary>
/// A bounded soak run on loopback: the whole system started by the AppHost (<see cref="SoakSystem"/>: redis-server
/// with its append-only file, the bundled registry, Trainer, one variant per declared arm, two Router replicas, Ui) on free
/// ports with its own data folder, mixed traffic from several clients (<see cref="SoakClient"/>, plus a monitor reading
/// <c>/stats</c> and the variants' <c>GET /model</c>), and one fault per minute in turn, 20 s into the minute, through
/// Aspire's resource commands: redis stopped and started, variant-b stopped and started, mlflow stopped and started. It prints each minute's
/// answers and latencies, then stops the traffic, sends the rewards still without a final answer, waits until the
/// Router has drained its outage buffer and its counters are stable, and compares <c>/stats</c> with what the clients
/// received and sent. Exit 0 only when nothing was lost or double-counted.
/// <c>soak [--minutes 4] [--clients 4] [--think-ms 20] [--downtime 5]</c>
/// </summary>
public sealed class SoakBench : IBench
{
    private static readonly string[] _faults = [ResourceNames.Redis, ResourceNames.VariantB, ResourceNames.Mlflow];

    private readonly Option<int> _minutes = BenchOptions.Int("--minutes", "minutes of traffic, one fault each", 4, max: 30);
    private readonly Option<int> _clients = BenchOptions.Int("--clients", "traffic clients (plus one monitor)", 4, max: 64);
    private readonly Option<int> _thinkMs = BenchOptions.Int("--think-ms", "each client's pause between requests, ms", 20, min: 0);
    private readonly Option<int> _downtime = BenchOptions.Int("--downtime", "seconds a faulted resource stays stopped", 5);

    public string Name => "soak";

    public string Description => "whole system via the AppHost, mixed traffic, one fault a minute through Aspire resource commands (redis, variant-b, mlflow); counts before/after";

    public IReadOnlyList<Option> Options => [_minutes, _clients, _thinkMs, _downtime];

    /// <summary>The AppHost runs Redis as a local redis-server here (SoakSystem), not a container.</summary>
    public IReadOnlyList<string> Tools(ParseResult options) => [BenchTools.RedisServer];

    public async Task<int> RunAsync(ParseResult options, CancellationToken cancellationToken)
    {
        var minutes = options.GetValue(_minutes);
        var clients = options.GetValue(_clients);
        var think = TimeSpan.FromMilliseconds(options.GetValue(_thinkMs));
        var downtime = TimeSpan.FromSeconds(options.GetValue(_downtime));
        var dataDir = Path.Combine(Directory.GetCurrentDirectory(), ".run", "soak", DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        Console.WriteLine($"soak: {minutes} min, {clients} clients (+1 monitor), think {think.TotalMilliseconds:F0} ms, faults in turn {string.Join(" -> ", _faults)} (stopped {downtime.TotalSeconds:F0} s, then started, through Aspire's resource commands); data in {dataDir}");
        using var startTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startTimeout.CancelAfter(TimeSpan.FromMinutes(10));
        await using var system = await SoakSystem.StartAsync(dataDir, startTimeout.Token);
        var redis = await system.RedisConnectionStringAsync(cancellationToken);
        Console.WriteLine($"soak: system up (router {system.RouterUrl}, redis {redis ?? "off"}); load average {MachineInfo.LoadAverage()}");

        using var router = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = system.RouterUrl,
            Timeout = TimeSpan.FromSeconds(10),
        };
        var before = await SoakStats.TryReadAsync(router, cancellationToken) ?? throw new InvalidOperationException("the Router's /stats did not answer before the run");
        Console.WriteLine($"soak: before: {before}");

        var run = new SoakRun(system, router, clients, think, downtime, _faults);
        var minuteReports = await run.RunAsync(TimeSpan.FromMinutes(minutes), cancellationToken);
        var drained = await run.DrainAsync(cancellationToken);
        var after = await SoakStats.TryReadAsync(router, cancellationToken) ?? throw new InvalidOperationException("the Router's /stats did not answer after the run");
        Console.WriteLine($"soak: after:  {after} ({drained})");

        var (ok, report, headline) = run.Ledger.Compare(before, after);
        Console.WriteLine(report);
        if (!ok && redis is not null)
        {
            Console.WriteLine(await SoakDiagnosis.ExplainAsync(redis, run.Ledger.Decisions));
        }
        var all = minuteReports.SelectMany(m => m.Answers).GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.Sum(a => a.Value));
        var errors = all.Where(a => !IsExpected(a.Key)).OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} {a.Value:N0}").ToList();
        var choose = SoakMinute.Latency(minuteReports.SelectMany(m => m.ChooseMs));
        var update = SoakMinute.Latency(minuteReports.SelectMany(m => m.UpdateMs));
        Console.WriteLine($"total: requests {all.Values.Sum():N0}; /choose {choose}; /update {update}");
        Console.WriteLine($"total answers: {string.Join(", ", all.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} {a.Value:N0}"))}");
        Console.WriteLine($"errors and refusals (everything but 200/recorded/duplicate/buffered and the 4xx the bad input asked for): {(errors.Count == 0 ? "none" : string.Join(", ", errors))}");
        MachineInfo.Summary($"soak ({minutes} min, {clients} clients, faults {string.Join("/", minuteReports.Select(m => m.Fault.Split(' ')[0]))})",
            $"{all.Values.Sum():N0} requests; /choose {choose}; /update {update}; errors {(errors.Count == 0 ? "none" : string.Join(", ", errors))}; {headline}");
        return ok ? 0 : 1;
    }

    private static bool IsExpected(string answer) =>
        answer is "choose 200" or "update recorded" or "update duplicate" or "update buffered" or "stats 200" or "model 200"
        || (answer.StartsWith("bad-input 4", StringComparison.Ordinal));
}
