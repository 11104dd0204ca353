using System.Diagnostics;
using Bandit.TestSupport;

namespace Bandit.Trainer.Tests.Cli;

/// <summary>
/// The Trainer as a user runs it: its own process (the Bandit.Trainer.dll built beside these tests), so what lands on
/// the console — logging included, which <see cref="TrainerApp"/>'s writers do not capture — is what is asserted.
/// </summary>
public sealed class TrainerProcessTests
{
    [Fact]
    public async Task MlflowUnreachable_PrintsOneLineAndExitsThree()
    {
        var uri = $"http://127.0.0.1:{FreePort.Next()}";

        var (code, stdout, stderr) = await RunTrainerAsync("--tracking-uri", uri);

        Assert.Equal(TrainerExitCodes.MlflowFailed, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith($"[trainer] error: MLflow at {uri}/ is unreachable", line);
    }

    [Fact]
    public async Task Version_PrintsTheVersionAndExitsZero()
    {
        var uri = $"http://127.0.0.1:{FreePort.Next()}";

        var (code, stdout, stderr) = await RunTrainerAsync(["--version"], uri);

        Assert.Equal(TrainerExitCodes.Done, code);
        Assert.Equal("", stderr);
        Assert.Matches(@"^\d+\.\d+\.\d+", Assert.Single(Lines(stdout)));
    }

    /// <summary>Ctrl+C while it trains: it stops at the end of the running stage with one line, and no stack trace.</summary>
    [Fact]
    public async Task Interrupted_PrintsCancelledWithoutAStackTrace()
    {
        var output = Directory.CreateTempSubdirectory("trainer-interrupted-").FullName;
        try
        {
            var (code, stdout, stderr) = await RunTrainerAsync(
                ["--report-only", "--output", output, "--folds", "2", "--bootstrap", "10", "--top-users", "0"], null,
                interruptAfter: "[trainer] 1/6 data:");

            Assert.Equal(TrainerExitCodes.Failed, code);
            Assert.Equal("[trainer] error: cancelled", Assert.Single(Lines(stderr)));
            Assert.DoesNotContain("Exception", stdout);
            Assert.DoesNotContain("report:", stdout);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>
    /// Ctrl+C while a stage runs longer than the host waits for it (its shutdown timeout, 30 s by default, here 1 s; the
    /// training stage takes several, and CI's loaded machine once outlasted the 30 s in the features stage): the process
    /// still ends with the one line, not in silence.
    /// </summary>
    [Fact]
    public async Task Interrupted_WhenTheStageOutlastsTheShutdownTimeout_StillSaysCancelled()
    {
        var output = Directory.CreateTempSubdirectory("trainer-interrupted-").FullName;
        try
        {
            var (code, _, stderr) = await RunTrainerAsync(
                ["--report-only", "--output", output, "--folds", "2", "--bootstrap", "10", "--top-users", "0"], null,
                interruptAfter: "[trainer]     user-time PolicyA (logistic_regression): training", environment: new() { ["DOTNET_shutdownTimeoutSeconds"] = "1" });

            Assert.Equal(TrainerExitCodes.Failed, code);
            Assert.Equal("[trainer] error: cancelled", Assert.Single(Lines(stderr)));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static Task<(int Code, string Stdout, string Stderr)> RunTrainerAsync(params string[] args) => RunTrainerAsync(args, null);

    /// <param name="args">The Trainer's command line.</param>
    /// <param name="trackingUri">MLFLOW_TRACKING_URI for the process (null: unset), so a run that should not start
    /// cannot reach a registry on the default port either.</param>
    /// <param name="interruptAfter">When standard output shows a line starting with this, the process gets SIGINT (Ctrl+C).</param>
    /// <param name="environment">More environment variables for the process.</param>
    private static async Task<(int Code, string Stdout, string Stderr)> RunTrainerAsync(string[] args, string? trackingUri, string? interruptAfter = null,
        Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bandit.Trainer.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in new[] { "MLFLOW_RUN_ID", "OTEL_EXPORTER_OTLP_ENDPOINT", "MLFLOW_TRACKING_URI" })
        {
            start.Environment.Remove(key);
        }

        if (trackingUri is not null)
        {
            start.Environment["MLFLOW_TRACKING_URI"] = trackingUri;
        }

        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = interruptAfter is null ? process.StandardOutput.ReadToEndAsync() : ReadAndInterruptAsync(process, interruptAfter);
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the Trainer ({string.Join(' ', args)}) did not exit within 90 s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static async Task<string> ReadAndInterruptAsync(Process process, string trigger)
    {
        var text = new System.Text.StringBuilder();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            text.AppendLine(line);
            if (line.StartsWith(trigger, StringComparison.Ordinal))
            {
                using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
            }
        }

        return text.ToString();
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
