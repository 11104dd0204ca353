using System.Globalization;
using Bandit.Contracts;

namespace Bandit.Benchmarks;

/// <summary>One policy's measured run: the load generator's latencies and the variant's CPU over the same window.</summary>
internal sealed record VariantResult(string Alias, string Kind, string Engine, VariantLoadResult Load, TimeSpan Cpu, TimeSpan Ready)
{
    public double P50 { get; } = Load.Percentile(0.50);
    public double P95 { get; } = Load.Percentile(0.95);
    public double P99 { get; } = Load.Percentile(0.99);
    public double CpuMsPerRequest => Cpu.TotalMilliseconds / Math.Max(1, Load.LatenciesMs.Count);
}

/// <summary>
/// The targets of <c>/recommend</c> (issue 21), checked on figures measured in the same run: p99 ≤ 25 ms at 8 clients
/// and ≥ 200 requests/s for each policy, no errors, and Policy B's variant CPU per request within 2× Policy A's.
/// </summary>
internal static class VariantTargets
{
    public const double P99Ms = 25;
    public const double Throughput = 200;
    public const double CpuRatio = 2;

    /// <summary>Prints the side-by-side table and the <c>summary:</c> lines; true when every target is met.</summary>
    public static bool Report(IReadOnlyList<VariantResult> results, int clients, int k)
    {
        var met = true;
        Console.WriteLine();
        Console.WriteLine($"recommend, k={k}, {clients} clients, every policy in this run (target beside each figure):");
        Console.WriteLine($"  {"policy",-8} {"scoring",-24} {"req/s (>= 200)",15} {"p50 ms",8} {"p95 ms",8} {"p99 ms (<= 25)",15} {"CPU ms/req",11} {"errors",7} {"ready s",8}");
        foreach (var r in results)
        {
            var ok = r.P99 <= P99Ms && r.Load.Throughput >= Throughput && r.Load.Errors == 0;
            met &= ok;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {r.Alias,-8} {r.Engine,-24} {r.Load.Throughput,13:N0} {Mark(r.Load.Throughput >= Throughput)} {r.P50,8:F2} {r.P95,8:F2} {r.P99,13:F2} {Mark(r.P99 <= P99Ms)} {r.CpuMsPerRequest,11:F2} {r.Load.Errors,7} {r.Ready.TotalSeconds,8:F1}"));
            MachineInfo.Summary($"recommend {r.Alias} ({r.Kind}, {r.Engine}, {clients} clients, k={k})", string.Create(CultureInfo.InvariantCulture,
                $"{r.Load.Throughput:N0} req/s, p50 {r.P50:F2} ms, p95 {r.P95:F2} ms, p99 {r.P99:F2} ms (target <= {P99Ms}), errors {r.Load.Errors}, variant CPU {r.CpuMsPerRequest:F2} ms/request; goal {(ok ? "met" : "NOT met")}"));
        }

        var a = results.FirstOrDefault(r => r.Alias == RegistryNames.PolicyA);
        var b = results.FirstOrDefault(r => r.Alias == RegistryNames.PolicyB);
        if (a is not null && b is not null)
        {
            var ratio = b.CpuMsPerRequest / a.CpuMsPerRequest;
            met &= ratio <= CpuRatio;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  Policy B CPU per request / Policy A's: {b.CpuMsPerRequest:F2} / {a.CpuMsPerRequest:F2} ms = {ratio:F2} (target <= {CpuRatio}) {Mark(ratio <= CpuRatio)}"));
            MachineInfo.Summary("recommend Policy B vs A", string.Create(CultureInfo.InvariantCulture,
                $"CPU per request B/A = {ratio:F2} (target <= {CpuRatio}); p99 A {a.P99:F2} ms, B {b.P99:F2} ms (target <= {P99Ms}); goal {(met ? "met" : "NOT met")}"));
        }

        Console.WriteLine($"  targets: {(met ? "all met" : "NOT all met")}");
        return met;
    }

    private static string Mark(bool ok) => ok ? "ok" : "NO";
}
