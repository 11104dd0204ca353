using System.Reflection;

namespace Bandit.Benchmarks.Tests.Support;

/// <summary>The Bandit.Benchmarks.dll built before these tests (in its own output folder), run as its own process.</summary>
public static class BenchmarksTool
{
    /// <summary>Its path, compiled into this assembly by the project file.</summary>
    public static string Dll { get; } = typeof(BenchmarksTool).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BenchmarksDll").Value!;

    /// <summary><c>dotnet Bandit.Benchmarks.dll args</c>, with <paramref name="environment"/> over this process's.</summary>
    public static Task<ProcessResult> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null) =>
        ProcessRun.RunAsync(ProcessRun.Dotnet, [Dll, .. args], environment);

    public static Task<ProcessResult> RunAsync(string args) => RunAsync(args.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>No .NET stack trace on either stream.</summary>
    public static void AssertNoStackTrace(ProcessResult result)
    {
        Assert.DoesNotContain("Unhandled exception", result.Stderr);
        Assert.DoesNotContain("\n   at ", result.Stderr);
        Assert.DoesNotContain("\n   at ", result.Stdout);
    }
}
