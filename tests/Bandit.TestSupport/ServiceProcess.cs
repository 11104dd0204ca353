using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit;

namespace Bandit.TestSupport;

/// <summary>A service's (or a command-line tool's) built dll, copied beside the tests, run as a user runs it by hand, to
/// its exit, in a temporary working directory (the registry's data folder inside it).</summary>
public static partial class ServiceProcess
{
    /// <summary>POSIX SIGINT, as Ctrl+C sends.</summary>
    public const int SigInt = 2;

    /// <summary>Long enough for a slow, shared machine; a start that fails takes about a second.</summary>
    private static readonly TimeSpan DefaultExitWithin = TimeSpan.FromSeconds(30);

    /// <param name="signalAfter">When given: its delay after standard output has a line containing its text, the process is
    /// sent its POSIX signal (2 = SIGINT, as Ctrl+C; 15 = SIGTERM) — a stop at a chosen moment.</param>
    /// <param name="exitWithin">How long it may run before it is killed and the call fails (30 s by default).</param>
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(
        string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null,
        (string Line, TimeSpan Delay, int Signal)? signalAfter = null, TimeSpan? exitWithin = null)
    {
        var within = exitWithin ?? DefaultExitWithin;
        var workDir = Directory.CreateTempSubdirectory("service-start-").FullName;
        var start = StartInfo(dll, args, environment, workDir);
        try
        {
            using var process = Process.Start(start)!;
            var stdout = ReadAsync(process, signalAfter);
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(within);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{dll} {string.Join(' ', args)} did not exit within {within.TotalSeconds} s");
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
        foreach (var key in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_HTTP_PORTS", "DOTNET_HTTPS_PORTS",
            "OTEL_EXPORTER_OTLP_ENDPOINT", "MLFLOW_TRACKING_URI", "MLFLOW_RUN_ID", "ConnectionStrings__redis" })
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

    private static async Task<string> ReadAsync(Process process, (string Line, TimeSpan Delay, int Signal)? signalAfter)
    {
        var all = new System.Text.StringBuilder();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            all.AppendLine(line);
            if (signalAfter is var (text, delay, signal) && line.Contains(text, StringComparison.Ordinal))
            {
                await Task.Delay(delay);
                Assert.True(kill(process.Id, signal) == 0, $"kill({process.Id}, {signal}) failed");
                signalAfter = null;
            }
        }

        return all.ToString();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
