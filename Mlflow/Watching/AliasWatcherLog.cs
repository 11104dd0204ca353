using Microsoft.Extensions.Logging;

namespace Bandit.Mlflow.Watching;

internal static partial class AliasWatcherLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "{Alias} moved: version {Previous} -> {Current}")]
    public static partial void Changed(ILogger logger, string alias, string? previous, string? current);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Handling {Alias} version {Version} failed (attempt {Attempt}); trying again in {RetryIn}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string alias, string? version, int attempt, TimeSpan retryIn);

    // Once per outage, and the one line a user looks for: Polly's per-attempt lines carry no address and no trace.
    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning,
        Message = "MLflow registry at {Registry} unreachable while following {Alias}: {Error}; keeping version {Version} and retrying with backoff (up to every {MaxBackoff})")]
    public static partial void Unreachable(ILogger logger, Uri registry, string alias, string error, string version, TimeSpan maxBackoff);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "MLflow reachable again for {Alias} after {Outage} ({Failures} failed polls)")]
    public static partial void Recovered(ILogger logger, string alias, TimeSpan outage, int failures);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "{Alias} does not exist in the registry; keeping what is served")]
    public static partial void AliasMissing(ILogger logger, string alias);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "MLflow webhook refused: {Reason}")]
    public static partial void WebhookRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Information, Message = "MLflow webhook {DeliveryId} ({Entity} {Action}) triggered a poll of {Alias}")]
    public static partial void WebhookTriggered(ILogger logger, string deliveryId, string entity, string action, string alias);
}
