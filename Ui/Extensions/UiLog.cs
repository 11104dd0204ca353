namespace Bandit.Ui.Extensions;

/// <summary>The Ui's log messages, source-generated.</summary>
internal static partial class UiLog
{
    [LoggerMessage(3, LogLevel.Warning, "{Service} call failed while rendering {Page}: {Error}")]
    public static partial void UpstreamFailed(ILogger logger, string service, string page, string error);

    [LoggerMessage(4, LogLevel.Information, "Reward {Reward} sent for decision of arm {Arm}: {Status}")]
    public static partial void RewardSent(ILogger logger, int reward, string? arm, string status);

    [LoggerMessage(5, LogLevel.Information, "The Router moved alias {Alias} of {Model} to version {Version} (was {Previous})")]
    public static partial void AliasMoved(ILogger logger, string model, string alias, string version, string? previous);

    [LoggerMessage(6, LogLevel.Information, "Router strategy switched to {Strategy} (config version {Version})")]
    public static partial void StrategySwitched(ILogger logger, string strategy, string version);

    [LoggerMessage(7, LogLevel.Information, "Experiment counters reset at the Router {RouterUrl}")]
    public static partial void CountersReset(ILogger logger, string routerUrl);

    [LoggerMessage(8, LogLevel.Information, "The Ui talks to the Router at {RouterUrl} and MLflow at {TrackingUri}; changes to the experiment need an operator's sign-in")]
    public static partial void Started(ILogger logger, string routerUrl, Uri trackingUri);

    [LoggerMessage(9, LogLevel.Information, "Operator signed in as {Identity}")]
    public static partial void OperatorSignedIn(ILogger logger, string identity);

    [LoggerMessage(10, LogLevel.Warning, "A sign-in was refused: the Router did not accept the credential")]
    public static partial void OperatorRefused(ILogger logger);

    [LoggerMessage(11, LogLevel.Warning, "The Router refused a signed-in operator's credential (401) on {Page}; the operator was signed out")]
    public static partial void OperatorCredentialRejected(ILogger logger, string page);
}
