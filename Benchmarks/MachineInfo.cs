using System.Globalization;
using System.Runtime.InteropServices;
using Bandit.Training.Reporting;

namespace Bandit.Benchmarks;

/// <summary>One line that says what machine a figure was measured on, and how busy it was.</summary>
public static class MachineInfo
{
    public static string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"machine: {RuntimeInformation.OSDescription}; {MachineDescription.CpuModel()}; {Environment.ProcessorCount} cores; {MachineDescription.MemoryGiB:F1} GiB; {RuntimeInformation.FrameworkDescription}; load average {LoadAverage()}");

    /// <summary>The 1, 5 and 15 minute load averages (<c>/proc/loadavg</c>), or "unknown".</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    /// <summary>
    /// Prints the bench's headline figures as one line starting with <c>summary:</c> (what <c>bench/run-all.sh</c>
    /// collects), with the load average at the time.
    /// </summary>
    public static void Summary(string bench, string figures) =>
        Console.WriteLine($"summary: {bench}: {figures}; load {LoadAverage()}");
}
