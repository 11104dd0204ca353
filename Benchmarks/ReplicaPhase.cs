using System.Globalization;

namespace Bandit.Benchmarks;

/// <summary>
/// One load phase of <see cref="RouterReplicasBench"/>: what wrk measured, and the CPU seconds each part used meanwhile
/// (every Router process, both variants, Redis, wrk, and the whole machine — the rest is "other": this benchmark's own
/// process and whatever else runs on the machine).
/// </summary>
internal sealed record ReplicaPhase(int Replicas, string Endpoint, WrkResult Load, double Wall, double[] RouterCpu, double VariantCpu, double RedisCpu, double MachineBusy)
{
    private static readonly int Cores = Environment.ProcessorCount;

    public double RouterCpuTotal => RouterCpu.Sum();

    public double OtherCpu => Math.Max(0, MachineBusy - RouterCpuTotal - VariantCpu - RedisCpu - Load.CpuSeconds);

    /// <summary>CPU µs per request of a part.</summary>
    public double PerRequestUsec(double cpuSeconds) => cpuSeconds * 1e6 / Math.Max(1, Load.Requests);

    /// <summary>
    /// The first limit reached: Redis's one thread, a wrk thread (the load generator), or the machine's cores (naming
    /// who uses most of them); otherwise nothing is CPU-bound and the rate is set by latency × connections.
    /// </summary>
    public string SaturatesFirst()
    {
        const double Full = 0.85;
        if (RedisCpu / Wall >= Full)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Redis (its one thread at {RedisCpu / Wall:F2} of a core)");
        }

        if (Load.BusiestCpuSeconds / Wall >= Full)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the load generator (a wrk thread at {Load.BusiestCpuSeconds / Wall:F2} of a core)");
        }

        if (MachineBusy / Wall >= Full * Cores)
        {
            (string Name, double Cpu)[] parts = [("the Router processes", RouterCpuTotal), ("the variants", VariantCpu), ("Redis", RedisCpu), ("wrk", Load.CpuSeconds), ("other processes", OtherCpu)];
            var top = parts.MaxBy(p => p.Cpu);
            return string.Create(CultureInfo.InvariantCulture, $"the machine's CPU ({MachineBusy / Wall:F2} of {Cores} cores busy, most of it {top.Name}: {top.Cpu / Wall:F2} cores)");
        }

        return string.Create(CultureInfo.InvariantCulture, $"nothing CPU-bound ({MachineBusy / Wall:F2} of {Cores} cores busy): the rate is latency × connections");
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Replicas} replica(s) {Endpoint}: {Load.RequestsPerSecond:N0} req/s, p50 {Load.P50Ms:F2} ms, p99 {Load.P99Ms:F2} ms, errors {Load.Errors}; " +
        $"CPU per request: Router {PerRequestUsec(RouterCpuTotal):F0} µs, variants {PerRequestUsec(VariantCpu):F0} µs, Redis {PerRequestUsec(RedisCpu):F0} µs, wrk {PerRequestUsec(Load.CpuSeconds):F0} µs; " +
        $"cores busy: Routers {RouterCpuTotal / Wall:F2} (busiest {RouterCpu.Max() / Wall:F2}), variants {VariantCpu / Wall:F2}, Redis {RedisCpu / Wall:F2}, wrk {Load.CpuSeconds / Wall:F2}, other {OtherCpu / Wall:F2}; " +
        $"saturates first: {SaturatesFirst()}");

    /// <summary>The phases as a Markdown table (what docs/SCALE.md quotes).</summary>
    public static void PrintTable(IReadOnlyList<ReplicaPhase> rows)
    {
        Console.WriteLine();
        Console.WriteLine("| replicas | endpoint | req/s | p50 ms | p99 ms | CPU µs/req: Router | variants | Redis | wrk | cores: Routers (busiest) | variants | Redis | wrk | other | saturates first |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Replicas} | {r.Endpoint} | {r.Load.RequestsPerSecond:N0} | {r.Load.P50Ms:F2} | {r.Load.P99Ms:F2} | {r.PerRequestUsec(r.RouterCpuTotal):F0} | {r.PerRequestUsec(r.VariantCpu):F0} | " +
                $"{r.PerRequestUsec(r.RedisCpu):F0} | {r.PerRequestUsec(r.Load.CpuSeconds):F0} | {r.RouterCpuTotal / r.Wall:F2} ({r.RouterCpu.Max() / r.Wall:F2}) | {r.VariantCpu / r.Wall:F2} | " +
                $"{r.RedisCpu / r.Wall:F2} | {r.Load.CpuSeconds / r.Wall:F2} | {r.OtherCpu / r.Wall:F2} | {r.SaturatesFirst()} |"));
        }

        Console.WriteLine();
    }

    /// <summary>Rates per replica count, per-request CPU of the Router and Redis with one replica, and what saturated first at the most replicas.</summary>
    public static string Headline(IReadOnlyList<ReplicaPhase> rows)
    {
        string Rates(string endpoint) => string.Join(", ", rows.Where(r => r.Endpoint == endpoint).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Replicas} → {r.Load.RequestsPerSecond:N0}")));
        var first = rows.Where(r => r.Replicas == rows.Min(x => x.Replicas)).ToArray();
        var last = rows.Where(r => r.Replicas == rows.Max(x => x.Replicas)).ToArray();
        string Cost(Func<ReplicaPhase, double> cpu) => string.Join(" / ", first.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.PerRequestUsec(cpu(r)):F0}")));
        return $"/choose req/s by replicas {Rates("/choose")}; /update req/s {Rates("/update")}; " +
            $"CPU µs per /choose / /update at {first[0].Replicas} replica(s): Router {Cost(r => r.RouterCpuTotal)}, Redis {Cost(r => r.RedisCpu)}, wrk {Cost(r => r.Load.CpuSeconds)}; " +
            $"saturates first at {last[0].Replicas}: {string.Join("; ", last.Select(r => $"{r.Endpoint} {r.SaturatesFirst()}"))}";
    }
}
