using System.Globalization;
using Bandit.TestSupport;
using StackExchange.Redis;

namespace Bandit.Benchmarks;

/// <summary>What Redis itself spent, per node, between two readings of <c>INFO cpu</c> and <c>INFO commandstats</c>.</summary>
internal sealed record RedisCost(IReadOnlyDictionary<int, double> CpuSeconds, IReadOnlyDictionary<int, (long Calls, long Usec)> Evalsha)
{
    public double TotalCpuSeconds => CpuSeconds.Values.Sum();

    public long Calls => Evalsha.Values.Sum(e => e.Calls);

    /// <summary>Mean µs Redis spent inside one EVALSHA (script execution only, no I/O).</summary>
    public double UsecPerScript => Calls == 0 ? double.NaN : Evalsha.Values.Sum(e => e.Usec) / (double)Calls;

    /// <summary>The node that ran the most scripts: the master of the experiment's slot.</summary>
    public int BusiestPort => Evalsha.MaxBy(e => e.Value.Calls).Key;

    /// <summary>Resets the command statistics of every node (<c>CONFIG RESETSTAT</c>) and returns the CPU seconds so far.</summary>
    public static async Task<IReadOnlyDictionary<int, double>> StartAsync(IReadOnlyList<int> ports)
    {
        await Task.WhenAll(ports.Select(p => RedisCli.RunAsync(p, "CONFIG", "RESETSTAT")));
        return await CpuAsync(ports);
    }

    /// <summary>The cost since <paramref name="cpuAtStart"/> and the last <see cref="StartAsync"/>.</summary>
    public static async Task<RedisCost> SinceAsync(IReadOnlyList<int> ports, IReadOnlyDictionary<int, double> cpuAtStart)
    {
        var cpu = await CpuAsync(ports);
        var stats = await Task.WhenAll(ports.Select(async p => (Port: p, Stats: Scripts(await RedisCli.RunAsync(p, "INFO", "commandstats")))));
        return new RedisCost(ports.ToDictionary(p => p, p => cpu[p] - cpuAtStart[p]), stats.ToDictionary(s => s.Port, s => s.Stats));
    }

    /// <summary>
    /// Mean <c>MEMORY USAGE</c> (key, value and its dictionary entry) of up to <paramref name="sample"/> keys matching
    /// <paramref name="pattern"/>, found on the masters; NaN when none match.
    /// </summary>
    public static async Task<double> BytesPerKeyAsync(string connectionString, string pattern, int sample = 200)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(connectionString);
        var db = connection.GetDatabase();
        var keys = connection.GetServers().Where(s => !s.IsReplica).SelectMany(s => s.Keys(pattern: pattern, pageSize: 1000).Take(sample)).Take(sample).ToArray();
        var sizes = await Task.WhenAll(keys.Select(k => db.ExecuteAsync("MEMORY", "USAGE", k, "SAMPLES", "0")));
        return sizes.Length == 0 ? double.NaN : sizes.Average(s => (long)s);
    }

    private static async Task<IReadOnlyDictionary<int, double>> CpuAsync(IReadOnlyList<int> ports)
    {
        var infos = await Task.WhenAll(ports.Select(p => RedisCli.RunAsync(p, "INFO", "cpu")));
        return ports.Select((p, i) => (p, Seconds(infos[i], "used_cpu_user") + Seconds(infos[i], "used_cpu_sys"))).ToDictionary(x => x.p, x => x.Item2);
    }

    private static double Seconds(string info, string field) =>
        double.Parse(ClusterTopology.Field(info, field) ?? "0", NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>
    /// Scripts run, from <c>cmdstat_evalsha:calls=12,usec=345,…</c> plus <c>cmdstat_eval</c> (StackExchange.Redis sends
    /// the script body once per node, then its SHA).
    /// </summary>
    private static (long Calls, long Usec) Scripts(string commandStats)
    {
        long calls = 0, usec = 0;
        foreach (var name in new[] { "cmdstat_evalsha", "cmdstat_eval" })
        {
            if (ClusterTopology.Field(commandStats, name) is { } line)
            {
                var fields = line.Split(',').Select(f => f.Split('=')).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]);
                calls += long.Parse(fields["calls"], CultureInfo.InvariantCulture);
                usec += long.Parse(fields["usec"], CultureInfo.InvariantCulture);
            }
        }

        return (calls, usec);
    }
}
