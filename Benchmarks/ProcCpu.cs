using System.Globalization;

namespace Bandit.Benchmarks;

/// <summary>CPU time from Linux's <c>/proc</c>: of one process, and of the whole machine.</summary>
internal static class ProcCpu
{
    // /proc reports CPU in clock ticks of USER_HZ, which is 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU seconds of process <paramref name="pid"/> (fields 14 and 15 of <c>/proc/PID/stat</c>).</summary>
    public static double ProcessSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");

        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>Busy and total CPU seconds of the machine, all cores (first line of <c>/proc/stat</c>; idle and iowait are not busy).</summary>
    public static (double Busy, double Total) Machine()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Sum();
        return ((total - fields[3] - fields[4]) / TicksPerSecond, total / TicksPerSecond);
    }
}
