namespace Bandit.Mlflow.Watching;

/// <summary>
/// The alias now points somewhere else: <see cref="Previous"/> is the version the last successful handler call
/// saw (null before the first), <see cref="Current"/> the version the registry reports now (null when the alias
/// was deleted).
/// </summary>
public sealed record AliasChange(string ModelName, string Alias, ModelVersion? Previous, ModelVersion? Current);

/// <summary>What an <see cref="AliasWatcher"/> knows about its alias.</summary>
public enum AliasWatchStatus
{
    /// <summary>No poll has completed yet.</summary>
    Starting,

    /// <summary>The last poll succeeded and the alias points at a version.</summary>
    Following,

    /// <summary>The last poll succeeded but the alias (or the model) does not exist.</summary>
    AliasMissing,

    /// <summary>The last poll failed (MLflow down, timed out or answering errors); the last known version is kept.</summary>
    Unreachable,
}

/// <summary>A consistent copy of an <see cref="AliasWatcher"/>'s state, for health checks and status pages.</summary>
/// <param name="Status">The outcome of the last poll.</param>
/// <param name="Current">The version the registry reported last (kept through outages).</param>
/// <param name="Handled">The version the change handler last accepted.</param>
/// <param name="LastPollAt">When the last successful poll finished.</param>
/// <param name="PollError">Why the last poll failed, while <see cref="AliasWatchStatus.Unreachable"/>.</param>
/// <param name="HandlerError">Why the change handler failed for <see cref="Current"/>, until it succeeds.</param>
public sealed record AliasWatchSnapshot(
    AliasWatchStatus Status,
    ModelVersion? Current,
    ModelVersion? Handled,
    DateTimeOffset? LastPollAt,
    string? PollError,
    string? HandlerError)
{
    /// <summary>When the current outage began (the first failed poll after a success), while <see cref="AliasWatchStatus.Unreachable"/>.</summary>
    public DateTimeOffset? UnreachableSince { get; init; }
}
