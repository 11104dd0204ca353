namespace Bandit.Router.Common;

internal static partial class RouterLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Router config {Version} from {Source} is live: strategy {Strategy}, experiment {Experiment} (was {PreviousVersion}, experiment {PreviousExperiment})")]
    public static partial void ConfigApplied(ILogger logger, string version, string source, string strategy, string experiment, string previousVersion, string previousExperiment);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "YARP did not take up the routes of experiment {Experiment} within 5 s; its arms are skipped until it does")]
    public static partial void RoutesNotReady(ILogger logger, string experiment);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Refreshing the posteriors of experiment {Experiment} failed; decisions keep the last snapshot")]
    public static partial void PosteriorRefreshFailed(ILogger logger, string experiment, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Variant of arm {Arm} failed ({Reason}); the arm is skipped for a while")]
    public static partial void VariantFailed(ILogger logger, string arm, string reason, Exception? exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Publishing a router config to the registry failed; nothing changed")]
    public static partial void PublishFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Alias {Alias} of {Model} does not exist; config {Version} stays live")]
    public static partial void ConfigAliasMissing(ILogger logger, string model, string alias, string version);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "No MLFLOW_TRACKING_URI: the router runs its embedded config and does not follow the registry")]
    public static partial void NoRegistry(ILogger logger);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Bandit state: {Store}")]
    public static partial void StoreSelected(ILogger logger, string store);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Exporting online metrics of experiment {Experiment} to MLflow failed; retrying at the next interval")]
    public static partial void ExportFailed(ILogger logger, string experiment, Exception exception);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "The shared decision-id secret in the store differs from the one this replica held; adopting the stored one (ids signed with the old one are refused)")]
    public static partial void SecretChanged(ILogger logger);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Checking the shared decision-id secret in the store failed; keeping the one held")]
    public static partial void SecretResyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "The bandit store is unavailable; decisions and rewards go to the outage log ({Buffered} held)")]
    public static partial void StoreUnavailable(ILogger logger, int buffered, Exception exception);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "The bandit store is back; applying the {Buffered} entries of the outage log")]
    public static partial void StoreBack(ILogger logger, int buffered);

    [LoggerMessage(EventId = 15, Level = LogLevel.Information, Message = "Outage log applied: {Decisions} decisions; rewards {Recorded} recorded, {Duplicates} duplicate or stale, {Unknown} unknown, {Retry} waiting for their decision")]
    public static partial void Drained(ILogger logger, int decisions, int recorded, int duplicates, int unknown, int retry);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "Applying the outage log failed; retrying")]
    public static partial void DrainFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 17, Level = LogLevel.Warning, Message = "Adopted the outage log {File} of a Router instance that is gone: {Entries} entries ({Torn} unreadable lines skipped)")]
    public static partial void OutageAdopted(ILogger logger, string file, int entries, int torn);

    [LoggerMessage(EventId = 18, Level = LogLevel.Error, Message = "The outage log {File} ({Entries} entries) does not fit in this instance's buffer; it stays for later")]
    public static partial void OutageAdoptionFull(ILogger logger, string file, int entries);

    [LoggerMessage(EventId = 19, Level = LogLevel.Error, Message = "The outage log is full: a decision for arm {Arm} was served but not recorded")]
    public static partial void OutageLogFull(ILogger logger, string arm);

    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "Writing the experiment history ({What}) failed; it is skipped")]
    public static partial void HistoryWriteFailed(ILogger logger, string what, Exception exception);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Alias {Alias} of {Model} moved from {Previous} to {Version} by {Actor}: {Reason}")]
    public static partial void AliasMoved(ILogger logger, string model, string alias, string? previous, string version, string actor, string reason);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Sample-ratio mismatch in experiment {Experiment}: p = {PValue:G3} < 0.001; observed/expected per arm: {Counts}")]
    public static partial void SampleRatioMismatch(ILogger logger, string experiment, double pValue, string counts);

    [LoggerMessage(EventId = 23, Level = LogLevel.Debug, Message = "Reading alias {Alias} of {Model} failed; decisions keep recording the last known version")]
    public static partial void ArmVersionReadFailed(ILogger logger, string model, string alias, Exception exception);

    [LoggerMessage(EventId = 24, Level = LogLevel.Information, Message = "Alias {Alias} of {Model} moved outside the product from {Previous} to {Version}: recorded as external")]
    public static partial void ExternalMove(ILogger logger, string model, string alias, string? previous, string version);

    [LoggerMessage(EventId = 25, Level = LogLevel.Warning, Message = "Recording the move of alias {Alias} of {Model} from {Previous} to {Version} failed; the new config is followed all the same")]
    public static partial void MoveRecordFailed(ILogger logger, string model, string alias, string previous, string version, Exception exception);
}
