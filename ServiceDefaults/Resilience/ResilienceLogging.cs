using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Polly's log lines for every resilience pipeline built through DI (the standard handler, the MLflow client's own):
/// one line per retried attempt, carrying the failure's message but not its stack trace. Against an unreachable
/// registry each poll otherwise logged eight Warnings with a trace apiece (~350 trace lines in 20 s), burying the one
/// line a user needs; the caller, which knows what it was calling, names the address and what it does meanwhile.
/// </summary>
internal static class ResilienceLogging
{
    /// <summary>Polly's per-attempt event: the OnRetry line that follows a retried attempt already says it failed, and
    /// the last attempt's failure reaches the caller as its exception.</summary>
    private const string ExecutionAttempt = "ExecutionAttempt";

    public static IServiceCollection AddQuietResilienceLogging(this IServiceCollection services)
    {
        // PostConfigure: Polly.Extensions sets LoggerFactory in its own Configure, which runs first.
        services.PostConfigure<TelemetryOptions>(options =>
        {
            options.LoggerFactory = new TracelessLoggerFactory(options.LoggerFactory);
            var severity = options.SeverityProvider;
            options.SeverityProvider = args => args.Event.EventName == ExecutionAttempt && args.Event.Severity > ResilienceEventSeverity.Information
                ? ResilienceEventSeverity.Information
                : severity?.Invoke(args) ?? args.Event.Severity;
        });
        return services;
    }
}
