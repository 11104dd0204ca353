using System.Diagnostics;
using Bandit.Mlflow;
using Bandit.Trainer.Cli;
using Bandit.Trainer.Pipeline;
using Bandit.Trainer.Publishing;
using Bandit.Training.Reporting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bandit.Trainer;

/// <summary>
/// The outcome of the job, read by <see cref="TrainerApp"/> once the host has stopped. It ends once: by the job, or by
/// the app when the host gave up waiting for the job (Ctrl+C during a stage longer than the host's shutdown timeout).
/// </summary>
public sealed class TrainerRun
{
    private int _ended;

    public int ExitCode { get; private set; } = TrainerExitCodes.Failed;

    public TrainerResult? Result { get; private set; }

    /// <summary>Records the outcome; false when the run has ended already (and nothing is recorded).</summary>
    public bool TryEnd(int exitCode, TrainerResult? result = null)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1)
        {
            return false;
        }

        (ExitCode, Result) = (exitCode, result);
        return true;
    }
}

/// <summary>
/// Runs the pipeline once inside an <see cref="Activity"/> (source <c>Bandit.Trainer</c>), maps failures to exit codes
/// with one plain line on standard error, and stops the host when done (the run-once job pattern of aspire-samples'
/// DatabaseMigrations service).
/// </summary>
public sealed partial class TrainerJob(TrainerOptions options, MlflowClient client, TrainerConsole console, TrainerRun run,
    IHostApplicationLifetime lifetime, ILogger<TrainerJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var activity = TrainerTelemetry.Source.StartActivity("trainer run", ActivityKind.Internal);
        activity?.SetTag("trainer.data", options.Data);
        activity?.SetTag("trainer.split", options.Split.ToString());
        try
        {
            var result = await new TrainerPipeline(client, console.Out).RunAsync(options, stoppingToken);
            run.TryEnd(result.ExitCode, result);
            activity?.SetTag("trainer.nothing_new", result.NothingNew);
        }
        catch (Exception e)
        {
            var (code, message) = Classify(e, client.TrackingUri, stoppingToken);
            activity?.SetStatus(ActivityStatusCode.Error, message);
            if (!run.TryEnd(code))
            {
                return; // the app has said "cancelled" already
            }

            await console.Error.WriteLineAsync($"[trainer] error: {ConsoleText.OneLine(message)}");
            // A stack trace only for a real failure: Ctrl+C (the host's stopping token) is the user's doing, not a bug.
            if (code == TrainerExitCodes.Failed && !(e is OperationCanceledException && stoppingToken.IsCancellationRequested))
            {
                LogUnexpected(logger, e);
            }
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    /// <summary>The exit code and one-line message of a failure.</summary>
    public static (int Code, string Message) Classify(Exception e, Uri trackingUri, CancellationToken stoppingToken) => e switch
    {
        TrainerDataException => (TrainerExitCodes.BadArgument, e.Message),
        MlflowUnavailableException => (TrainerExitCodes.MlflowFailed, e.Message),
        MlflowException m => (TrainerExitCodes.MlflowFailed, $"MLflow at {trackingUri} failed: {m.Message}"),
        HttpRequestException h => (TrainerExitCodes.MlflowFailed, $"MLflow at {trackingUri} became unreachable: {h.InnerException?.Message ?? h.Message}"),
        OperationCanceledException when stoppingToken.IsCancellationRequested => (TrainerExitCodes.Failed, "cancelled"),
        _ => (TrainerExitCodes.Failed, $"unexpected failure: {e.GetType().Name}: {e.Message}"),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "The Trainer failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}
