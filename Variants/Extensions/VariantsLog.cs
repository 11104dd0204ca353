namespace Bandit.Variants.Extensions;

internal static partial class VariantsLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Loading {Model} version {Version} for alias {Alias}")]
    public static partial void Loading(ILogger logger, string model, string version, string alias);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Now serving {Model} version {Version} ({Trainer}, run {RunId}) for alias {Alias}; was {Previous}; loaded in {Elapsed}")]
    public static partial void Swapped(ILogger logger, string model, string version, string? trainer, string? runId, string alias, string? previous, TimeSpan elapsed);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Loading {Model} version {Version} failed; still serving {Serving}: {Reason}")]
    public static partial void LoadFailed(ILogger logger, string model, string version, string? serving, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Alias {Alias} of {Model} was removed; still serving version {Serving}")]
    public static partial void AliasRemoved(ILogger logger, string alias, string model, string? serving);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "{Model} version {Version} is scored through ML.NET's pipeline: {Reason}")]
    public static partial void NotCompiled(ILogger logger, string model, string version, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Could not delete the download folder {Folder}: {Reason}")]
    public static partial void CleanupFailed(ILogger logger, string folder, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Readiness: {State} ({Description})")]
    public static partial void HealthState(ILogger logger, string state, string description);
}
