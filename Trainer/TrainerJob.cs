using System.Diagnostics;
using Bandit.Mlflow;
using Bandit.Trainer.Cli;
using Bandit.Trainer.Pipeline;
using Bandit.Trainer.Publishing;
using Bandit.Training.Reporting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bandit.Trainer;

/// <summary>The outcome of the job, read by <see cref="TrainerApp"/> once the host has stopped.</summary>
public sealed class TrainerRun
{
    public int ExitCode { get; set; } = TrainerExitCodes.Failed;

    public TrainerResult? Result { get; set; }
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
            run.Result = result;
            run.ExitCode = result.ExitCode;
            activity?.SetTag("trainer.nothing_new", result.NothingNew);
        }
        catch (Exception e)
        {
            var (code, message) = Classify(e, client.TrackingUri, stoppingToken);
            run.ExitCode = code;
            activity?.SetStatus(ActivityStatusCode.Error, message);
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
