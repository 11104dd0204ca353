namespace Bandit.Ui.Extensions;

/// <summary>The Ui's log messages, source-generated.</summary>
internal static partial class UiLog
{
    [LoggerMessage(1, LogLevel.Warning, "Reading the Router's /stats failed: {Error} (logged once until it recovers)")]
    public static partial void StatsPollFailed(ILogger logger, string error);

    [LoggerMessage(2, LogLevel.Information, "The Router at {RouterUrl} answers /stats again")]
    public static partial void StatsPollRecovered(ILogger logger, Uri routerUrl);

    [LoggerMessage(3, LogLevel.Warning, "{Service} call failed while rendering {Page}: {Error}")]
    public static partial void UpstreamFailed(ILogger logger, string service, string page, string error);

    [LoggerMessage(4, LogLevel.Information, "Reward {Reward} sent for decision of arm {Arm}: {Status}")]
    public static partial void RewardSent(ILogger logger, int reward, string? arm, string status);

    [LoggerMessage(5, LogLevel.Information, "Alias {Alias} of {Model} moved to version {Version} (was {Previous})")]
    public static partial void AliasMoved(ILogger logger, string model, string alias, string version, string? previous);

    [LoggerMessage(6, LogLevel.Information, "Router strategy switched to {Strategy} (config version {Version})")]
    public static partial void StrategySwitched(ILogger logger, string strategy, string version);

    [LoggerMessage(7, LogLevel.Information, "Experiment counters reset at the Router {RouterUrl}")]
    public static partial void CountersReset(ILogger logger, string routerUrl);

    [LoggerMessage(8, LogLevel.Information, "The Ui talks to the Router at {RouterUrl} and MLflow at {TrackingUri}; admin actions {AdminState}")]
    public static partial void Started(ILogger logger, string routerUrl, Uri trackingUri, string adminState);
}
