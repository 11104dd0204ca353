using System.Runtime.InteropServices;

namespace Bandit.Benchmarks;

/// <summary>One line that says what machine a figure was measured on.</summary>
public static class MachineInfo
{
    public static string Describe()
    {
        var cpu = "unknown cpu";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        var memGiB = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"machine: {RuntimeInformation.OSDescription}; {cpu}; {Environment.ProcessorCount} cores; {memGiB:F1} GiB; {RuntimeInformation.FrameworkDescription}";
    }
}
