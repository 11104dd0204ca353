namespace Bandit.Trainer.Publishing;

/// <summary>Whether to point an alias at a version, and the line that says what happened.</summary>
public sealed record AliasDecision(bool Set, string Message)
{
    /// <summary>
    /// The alias rule: a missing alias is set; an alias already on the target stays; an alias elsewhere moves only
    /// with <c>--promote</c>.
    /// </summary>
    public static AliasDecision Decide(string model, string alias, string? currentVersion, string targetVersion, bool promote)
    {
        if (currentVersion is null)
        {
            return new AliasDecision(true, $"{model}@{alias} set to v{targetVersion} (new alias)");
        }

        if (currentVersion == targetVersion)
        {
            return new AliasDecision(false, $"{model}@{alias} already on v{targetVersion}");
        }

        return promote
            ? new AliasDecision(true, $"{model}@{alias} moved v{currentVersion} → v{targetVersion} (--promote)")
            : new AliasDecision(false, $"{model}@{alias} stays on v{currentVersion} (this run's version is v{targetVersion}; --promote moves it)");
    }
}
