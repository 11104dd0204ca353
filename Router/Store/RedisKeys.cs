namespace Bandit.Router.Store;

/// <summary>
/// Redis key names. Every key of one experiment shares the hash tag <c>{experiment}</c>, so a script that
/// touches several of them stays in one Redis Cluster slot.
/// </summary>
internal static class RedisKeys
{
    /// <summary>The decision-id secret, shared by every replica and every experiment.</summary>
    public const string Secret = "bandit:secret";

    public static string Arm(string experiment, string arm) => $"bandit:{{{experiment}}}:arm:{arm}";

    /// <summary>The counters of one model version of an arm; the arm's own hash when the version is unknown.</summary>
    public static string ArmVersion(string experiment, string arm, string? version) =>
        string.IsNullOrEmpty(version) ? Arm(experiment, arm) : $"{Arm(experiment, arm)}:v:{version}";

    /// <summary>The versions an arm has served since the last reset (a sorted set, scored by first decision, unix ms).</summary>
    public static string Versions(string experiment, string arm) => $"bandit:{{{experiment}}}:versions:{arm}";

    public static string Decision(string experiment, string id) => $"bandit:{{{experiment}}}:d:{id}";

    public static string Rewarded(string experiment, string id) => $"bandit:{{{experiment}}}:r:{id}";

    public static string Events(string experiment) => $"bandit:{{{experiment}}}:events";

    public static string Epoch(string experiment) => $"bandit:{{{experiment}}}:epoch";

    /// <summary>A contextual decision's context and user (<c>"x1,x2,…|user"</c>), kept as long as the decision.</summary>
    public static string Context(string experiment, string id) => $"bandit:{{{experiment}}}:x:{id}";

    /// <summary>An arm's linear statistics: <c>n</c>, <c>b:i</c> (Σ r·xᵢ) and <c>g:i:j</c> (Σ xᵢxⱼ, i ≤ j), 0-based.</summary>
    public static string Linear(string experiment, string arm) => $"bandit:{{{experiment}}}:lin:{arm}";

    /// <summary>One user's misses and hits per arm (<c>m:arm</c>, <c>h:arm</c>), from the contextual strategy's rewards.</summary>
    public static string PromotionState(string experiment) => $"bandit:{{{experiment}}}:auto";

    public static string User(string experiment, string userKey) => UserPrefix(experiment) + userKey;

    /// <summary>The reward script builds <see cref="User"/> from this and the user stored with the decision (same hash tag, same slot).</summary>
    public static string UserPrefix(string experiment) => $"bandit:{{{experiment}}}:u:";
}
