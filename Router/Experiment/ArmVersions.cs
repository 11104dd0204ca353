using System.Collections.Concurrent;

namespace Bandit.Router.Experiment;

/// <summary>
/// Which model version each arm alias of <c>Router:ArmModel</c> points at, as last read from the registry. This is what a
/// decision records as the version its arm served: it is known when the decision is made (the variant's
/// <c>modelVersion</c> answer arrives only after the decision is recorded, which it must be before the response
/// starts), and the variant follows the same alias, so the two differ only for the variant's poll interval after a move.
/// Null for an alias not read yet or without a registry.
/// </summary>
public sealed class ArmVersions
{
    private readonly ConcurrentDictionary<string, string> _versions = new(StringComparer.Ordinal);

    public string? VersionOf(string? alias) => alias is not null && _versions.TryGetValue(alias, out var v) ? v : null;

    /// <summary>The live version of each arm of <paramref name="live"/>, in arm order (null = unknown).</summary>
    public IReadOnlyList<string?> For(LiveConfig live) => [.. live.Config.Arms.Select(a => VersionOf(a.Alias))];

    public void Set(string alias, string? version)
    {
        if (version is null)
        {
            _versions.TryRemove(alias, out _);
        }
        else
        {
            _versions[alias] = version;
        }
    }
}
