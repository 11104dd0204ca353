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

    /// <summary>
    /// Ctrl+C while it trains: it stops at the end of the running stage with one line, and no stack trace. Also when the
    /// stage runs longer than the host waits for it (its shutdown timeout, 30 s by default, 1 s in the second case; the
    /// training stage takes several, and CI's loaded machine once outlasted the 30 s in the features stage): the process
    /// still ends with the one line, not in silence.
    /// </summary>
    [Theory]
    [InlineData("[trainer] 1/6 data:", null)]
    [InlineData("[trainer]     user-time PolicyA (logistic_regression): training", "1")]
    public async Task Interrupted_PrintsCancelledWithoutAStackTrace(string interruptAfter, string? shutdownTimeoutSeconds)
    {
        var output = Directory.CreateTempSubdirectory("trainer-interrupted-").FullName;
        try
        {
            var (code, stdout, stderr) = await RunTrainerAsync(
                ["--report-only", "--output", output, "--folds", "2", "--bootstrap", "10", "--top-users", "0"], null, interruptAfter,
                shutdownTimeoutSeconds is null ? null : new Dictionary<string, string> { ["DOTNET_shutdownTimeoutSeconds"] = shutdownTimeoutSeconds });

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

    private static Task<(int Code, string Stdout, string Stderr)> RunTrainerAsync(params string[] args) => RunTrainerAsync(args, null);

    /// <param name="args">The Trainer's command line.</param>
    /// <param name="trackingUri">MLFLOW_TRACKING_URI for the process (null: unset), so a run that should not start
    /// cannot reach a registry on the default port either.</param>
    /// <param name="interruptAfter">When standard output shows a line with this, the process gets SIGINT (Ctrl+C).</param>
    /// <param name="environment">More environment variables for the process.</param>
    private static Task<(int Code, string Stdout, string Stderr)> RunTrainerAsync(string[] args, string? trackingUri, string? interruptAfter = null,
        Dictionary<string, string>? environment = null)
    {
        environment ??= [];
        if (trackingUri is not null)
        {
            environment["MLFLOW_TRACKING_URI"] = trackingUri;
        }

        return ServiceProcess.RunAsync("Bandit.Trainer.dll", args, environment,
            interruptAfter is null ? null : (interruptAfter, TimeSpan.Zero, ServiceProcess.SigInt), exitWithin: TimeSpan.FromSeconds(90));
    }

    private static string[] Lines(string text) => ServiceProcess.Lines(text);
}
