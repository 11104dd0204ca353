using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// How every Bandit service builds, maps and runs. A start that fails on a user's mistake — an address that cannot be
/// listened on (<see cref="ListenFailureException"/>), a setting its options validation (or a <see cref="SettingChecks"/>
/// check) refuses, or a value the configuration binder cannot convert — ends with one line on
/// standard error and exit code <see cref="BadConfiguration"/>, instead of the host's unhandled-exception trace and SIGABRT
/// (134). Any other failure keeps its exception and trace: it is a bug to read, not a mistake to correct.
/// </summary>
public static class ServiceRunner
{
    /// <summary>Bad input from the command line or configuration: 2, as the Trainer's and the Replay's bad arguments.</summary>
    public const int BadConfiguration = 2;

    /// <summary>Builds the app, lets <paramref name="configure"/> add its middleware and endpoints, and runs it until shut down.</summary>
    /// <returns>The process exit code: 0 after a normal shutdown (also one asked for while starting), <see cref="BadConfiguration"/> when the start failed on a user's mistake.</returns>
    public static async Task<int> RunServiceAsync(this WebApplicationBuilder builder, Action<WebApplication> configure)
    {
        builder.Services.ExplainListenFailures();
        var service = builder.Environment.ApplicationName;
        try
        {
            await using var app = builder.Build();

            // Every ValidateOnStart check, before configure's Map* calls or startup log lines resolve the options (a bad
            // value then threw from there) and before the host starts (which logs the failure with its trace first).
            app.Services.GetService<IStartupValidator>()?.Validate();
            configure(app);
            await RunAsync(app);
            return 0;
        }
        catch (Exception e) when (InvalidSettings(e) is { } message)
        {
            await Console.Error.WriteLineAsync($"{service}: invalid configuration: {ListenFailure.OneLine(message)}");
            return BadConfiguration;
        }
        catch (ListenFailureException e)
        {
            await Console.Error.WriteLineAsync($"{service}: {e.Message}");
            return BadConfiguration;
        }
    }

    private static async Task RunAsync(WebApplication app)
    {
        try
        {
            await app.StartAsync();
        }
        catch (ListenFailureException)
        {
            // The background services started before the server: stopped by the host, their cancellation is a stop;
            // left to the disposal, the host logs each one's OperationCanceledException as a crash, trace and all.
            await app.StopAsync();
            throw;
        }
        catch (OperationCanceledException) when (app.Lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Ctrl+C / SIGTERM during the start (the host cancels it): a stop like one a moment later, so exit 0 as that
            // one does — an orchestrator stopping the service (Aspire sends SIGTERM) must not see it as a crash.
            await app.StopAsync();
            return;
        }

        await app.WaitForShutdownAsync();
    }

    /// <summary>What options validation refused (one or several options classes), or a value the configuration binder could
    /// not convert ("Failed to convert configuration value 'abc' at 'Router:DecisionTtl' to type 'System.TimeSpan'.");
    /// null for anything else.</summary>
    private static string? InvalidSettings(Exception e) => e switch
    {
        OptionsValidationException invalid => invalid.Message,
        InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder", InnerException: FormatException or ArgumentException or OverflowException } =>
            e.Message,
        AggregateException { InnerExceptions: var all } when all.Count > 0 && all.All(x => InvalidSettings(x) is not null) =>
            string.Join("; ", all.Select(InvalidSettings)),
        _ => null,
    };
}
