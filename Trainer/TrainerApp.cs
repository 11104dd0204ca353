using Bandit.Mlflow;
using Bandit.Trainer.Cli;
using Bandit.Training.Reporting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bandit.Trainer;

/// <summary>
/// The Trainer as a process: parses the command line, then runs <see cref="TrainerJob"/> in a generic host with
/// ServiceDefaults (OpenTelemetry) and the MLflow client, and returns the exit code (<see cref="TrainerExitCodes"/>).
/// <c>--help</c> and bad arguments return before anything starts.
/// </summary>
public static class TrainerApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var parsed = CommandLine.Parse(args);
        if (parsed.ShowHelp)
        {
            await output.WriteAsync(CommandLine.Usage);
            return TrainerExitCodes.Done;
        }

        if (parsed.ShowVersion)
        {
            await output.WriteAsync(CommandLine.Version);
            return TrainerExitCodes.Done;
        }

        if (parsed.Options is not { } options)
        {
            await error.WriteLineAsync($"[trainer] error: {parsed.Error}; --help lists the options");
            return TrainerExitCodes.BadArgument;
        }

        // Checked before anything starts: the report is written after minutes of training.
        if (options.OutputDir is { } folder && OutputFolder.Problem(folder) is { } problem)
        {
            await error.WriteLineAsync($"[trainer] error: --output {problem}");
            return TrainerExitCodes.BadArgument;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ApplicationName = typeof(TrainerApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration[MlflowServiceCollectionExtensions.TrackingUriKey] = options.TrackingUri.ToString();
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.AddServiceDefaults();

        // After AddServiceDefaults, whose own "Polly" rule (Warning) would otherwise win: each retry of an unreachable
        // MLflow logged a stack trace, ~200 lines before the one-line error the job prints itself.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("System", LogLevel.Warning).AddFilter("Polly", LogLevel.None);
        builder.AddMlflowClient();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new TrainerConsole(output, error));
        builder.Services.AddSingleton<TrainerRun>();
        builder.Services.AddHostedService<TrainerJob>();

        using var host = builder.Build();
        var run = host.Services.GetRequiredService<TrainerRun>();
        await host.RunAsync(cancellationToken);
        // The host stops waiting for the job after its shutdown timeout (30 s): Ctrl+C during a longer stage ends here,
        // and says so, rather than in silence; the stage is abandoned with the process.
        if (run.TryEnd(TrainerExitCodes.Failed))
        {
            await error.WriteLineAsync("[trainer] error: cancelled");
        }

        return run.ExitCode;
    }
}

/// <summary>Where the Trainer writes progress (standard output) and errors (standard error).</summary>
public sealed record TrainerConsole(TextWriter Out, TextWriter Error);
