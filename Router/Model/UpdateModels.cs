namespace Bandit.Router.Model;

/// <summary>The answer for one reward: <c>recorded</c>, <c>duplicate</c>, <c>stale</c>, <c>unknown</c> or <c>invalid</c>.</summary>
public sealed record UpdateResult(string? DecisionId, string? Arm, string Status, string? Error = null);

/// <summary>The statuses of <see cref="UpdateResult"/>.</summary>
public static class UpdateStatus
{
    public const string Recorded = "recorded";
    public const string Duplicate = "duplicate";
    public const string Stale = "stale";
    public const string Unknown = "unknown";
    public const string Invalid = "invalid";
}
