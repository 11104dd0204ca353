using System.Globalization;

namespace Bandit.Benchmarks;

/// <summary>
/// The Router's floor targets (issue 21): <c>/choose</c> through the Router at ≥ 70% of the direct Policy A rate at 8
/// connections and ≤ 0.3 ms added at p50 at 1 connection; <c>/update</c> single at ≥ 50% of bare Kestrel's rate.
/// </summary>
internal static class RouterFloorTargets
{
    public const double ChooseRateRatio = 0.70;
    public const double ChooseAddedP50Ms = 0.30;
    public const double UpdateRateRatio = 0.50;

    /// <summary>Prints figure, floor, ratio and target per path, and the <c>summary:</c> line; true when all are met.</summary>
    public static bool Report(IReadOnlyDictionary<string, WrkResult> m, int updateConnections)
    {
        var chooseRatio = m["choose-8"].RequestsPerSecond / m["direct-8"].RequestsPerSecond;
        var added = m["choose-1"].P50Ms - m["direct-1"].P50Ms;
        var updateRatio = m["update"].RequestsPerSecond / m["bare"].RequestsPerSecond;
        var errors = m.Values.Sum(r => r.Errors);
        var met = chooseRatio >= ChooseRateRatio && added <= ChooseAddedP50Ms && updateRatio >= UpdateRateRatio && errors == 0;
        string Mark(bool ok) => ok ? "ok" : "NO";

        Console.WriteLine();
        Console.WriteLine("router floors (wrk, medians of the rounds; figure, floor measured in the same run, ratio, target):");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  /choose via Router, 8 conn     {m["choose-8"].RequestsPerSecond,9:N0} req/s   floor: direct /recommend {m["direct-8"].RequestsPerSecond,9:N0} req/s   ratio {chooseRatio:F2}   target >= {ChooseRateRatio:F2} {Mark(chooseRatio >= ChooseRateRatio)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  /choose via Router, 1 conn     p50 {m["choose-1"].P50Ms,6:F3} ms   floor: direct p50 {m["direct-1"].P50Ms:F3} ms   added {added:F3} ms   target <= {ChooseAddedP50Ms:F2} ms {Mark(added <= ChooseAddedP50Ms)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  /update single, {updateConnections} conn       {m["update"].RequestsPerSecond,9:N0} req/s   floor: bare Kestrel, same body {m["bare"].RequestsPerSecond,9:N0} req/s   ratio {updateRatio:F2}   target >= {UpdateRateRatio:F2} {Mark(updateRatio >= UpdateRateRatio)}"));
        // Not a target: how much of the /update gap the reward itself takes (signature check and exactly-once script on the
        // same Redis, no framework) and how much the Router's framework adds on top of it.
        var reward = m["reward"].RequestsPerSecond;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  /update reward floor, {updateConnections} conn {reward,9:N0} req/s   bare Kestrel + signed id + the reward script, no framework: {reward / m["bare"].RequestsPerSecond:F2} of bare Kestrel; the Router reaches {m["update"].RequestsPerSecond / reward:F2} of it"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  p99: direct {m["direct-8"].P99Ms:F2} / choose {m["choose-8"].P99Ms:F2} ms at 8; bare {m["bare"].P99Ms:F2} / update {m["update"].P99Ms:F2} ms; non-2xx and socket errors: {errors}; targets {(met ? "all met" : "NOT all met")}"));
        MachineInfo.Summary("router-floors", string.Create(CultureInfo.InvariantCulture,
            $"/choose {m["choose-8"].RequestsPerSecond:N0} vs direct {m["direct-8"].RequestsPerSecond:N0} req/s = {chooseRatio:F2} (>= {ChooseRateRatio:F2}); p50 added {added:F3} ms (<= {ChooseAddedP50Ms:F2}); /update {m["update"].RequestsPerSecond:N0} vs bare {m["bare"].RequestsPerSecond:N0} req/s = {updateRatio:F2} (>= {UpdateRateRatio:F2}), reward floor {reward:N0} req/s = {reward / m["bare"].RequestsPerSecond:F2} of bare; errors {errors}; goal {(met ? "met" : "NOT met")}"));
        return met;
    }
}
