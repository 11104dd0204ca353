namespace Bandit.Router.Rewards;

/// <summary>The answer for one reward: <c>recorded</c>, <c>duplicate</c>, <c>stale</c>, <c>unknown</c>, <c>invalid</c> or <c>buffered</c>.</summary>
public sealed record UpdateResult(string? DecisionId, string? Arm, string Status, string? Error = null);

/// <summary>The statuses of <see cref="UpdateResult"/>.</summary>
public static class UpdateStatus
{
    public const string Recorded = "recorded";
    public const string Duplicate = "duplicate";
    public const string Stale = "stale";
    public const string Unknown = "unknown";
    public const string Invalid = "invalid";

    /// <summary>Taken into the outage log while the store is unavailable; applied (once) when it returns.</summary>
    public const string Buffered = "buffered";
}
