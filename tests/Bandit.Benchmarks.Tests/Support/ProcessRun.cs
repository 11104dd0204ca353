using System.Diagnostics;

namespace Bandit.Benchmarks.Tests.Support;

/// <summary>What a finished process left: its exit code, its two streams and how long it took.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    /// <summary>Standard error's non-empty lines.</summary>
    public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Both streams, for an assertion's message.</summary>
    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:F1} s\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>Runs a command as its own process, as a user would, and waits for it within a limit.</summary>
public static class ProcessRun
{
    /// <summary>
    /// A refusal comes before any build or load, so a second of process start is all it costs; the limit leaves room for
    /// a busy 2-core CI machine and is still far below a build (a minute or more) or a soak (minutes).
    /// </summary>
    public static readonly TimeSpan QuickLimit = TimeSpan.FromSeconds(20);

    /// <summary>The dotnet host running these tests (the same SDK runs the benchmark dll).</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // nothing to read: a command that asks (BenchmarkDotNet's menu) sees end of input
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Twice the quick limit before giving up, so a slow refusal fails the elapsed-time assertion rather than hanging.
        using var timeout = new CancellationTokenSource(QuickLimit * 2);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not exit within {(QuickLimit * 2).TotalSeconds:F0} s; stdout so far:\n{await stdout}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr, clock.Elapsed);
    }
}
