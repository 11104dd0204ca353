using System.Diagnostics;

namespace Bandit.TestSupport;

/// <summary>A service's built dll (copied beside the tests) run as a user runs it by hand, to its exit, in a temporary
/// working directory (the registry's data folder inside it).</summary>
public static partial class ServiceProcess
{
    /// <summary>Long enough for a slow, shared machine; a start that fails takes about a second.</summary>
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(30);

    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(
        string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var workDir = Directory.CreateTempSubdirectory("service-start-").FullName;
        var start = StartInfo(dll, args, environment, workDir);
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(ExitWithin);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{dll} {string.Join(' ', args)} did not exit within {ExitWithin.TotalSeconds} s");
            }

            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }
    }

    private static ProcessStartInfo StartInfo(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment, string workDir)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Nothing from the test's own environment decides where the service listens or what it talks to.
        foreach (var key in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "OTEL_EXPORTER_OTLP_ENDPOINT", "MLFLOW_TRACKING_URI", "ConnectionStrings__redis" })
        {
            start.Environment.Remove(key);
        }

        start.Environment["Registry__DataDir"] = Path.Combine(workDir, "data");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return start;
    }

    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
