using System.Globalization;
using System.Runtime.InteropServices;

namespace Bandit.Training.Reporting;

/// <summary>
/// The machine figures were measured on, as the replay's report and the benchmarks print it: the CPU model (from
/// <c>/proc/cpuinfo</c>), cores, memory, OS and runtime.
/// </summary>
public static class MachineDescription
{
    /// <summary>The CPU's model name, or "unknown CPU" where <c>/proc/cpuinfo</c> cannot be read.</summary>
    public static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unknown CPU";
        }
    }

    /// <summary>The memory the runtime can use, in GiB.</summary>
    public static double MemoryGiB => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);

    /// <summary>One line: CPU, logical cores, memory, OS, runtime.</summary>
    public static string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{CpuModel()}, {Environment.ProcessorCount} logical cores, {MemoryGiB:0.0} GiB, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
}
