namespace Bandit.Ui.Registry;

/// <summary>An arm of the Router, its alias, and the version that alias points at in the registry (null when unknown).</summary>
public sealed record ArmServing(string Arm, string? Alias, string? Version);

/// <summary>
/// Which model version each arm serves, as the registry's aliases say, and the A/A check: two arms whose aliases point
/// at the same version serve the same model, so the experiment compares a model with itself.
/// </summary>
public static class ServingVersions
{
    /// <summary>The groups of two or more arms that serve the same version.</summary>
    public static IReadOnlyList<IReadOnlyList<ArmServing>> SameVersion(IEnumerable<ArmServing> arms) =>
        [.. arms.Where(a => a.Version is not null).GroupBy(a => a.Version, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => (IReadOnlyList<ArmServing>)[.. g])];

    /// <summary>The arms after <paramref name="alias"/> moves to <paramref name="version"/>.</summary>
    public static IReadOnlyList<ArmServing> After(IEnumerable<ArmServing> arms, string alias, string version) =>
        [.. arms.Select(a => a.Alias == alias ? a with { Version = version } : a)];

    /// <summary>"PolicyA and PolicyB both serve movielens_ctr_ab version 2: …".</summary>
    public static string Warning(IReadOnlyList<ArmServing> group, string model, bool after = false)
    {
        var names = group.Count == 2 ? $"{group[0].Arm} and {group[1].Arm} both" : string.Join(", ", group.Select(a => a.Arm)) + " all";
        return $"{(after ? "After this promotion, " : "")}{names} {(after ? "would serve" : "serve")} {model} version {group[0].Version}: the experiment "
            + $"{(after ? "would become" : "is now")} an A/A test, and any difference between {(group.Count == 2 ? "these two arms" : "these arms")} is noise.";
    }
}
