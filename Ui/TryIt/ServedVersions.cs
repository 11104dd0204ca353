using System.Collections.Concurrent;
using Bandit.Ui.Routing;

namespace Bandit.Ui.TryIt;

/// <summary>The model version an arm answered with, as last seen by this Ui in a <c>/choose</c> answer.</summary>
public sealed record ServedVersion(string Arm, string? Alias, string? ModelVersion, DateTimeOffset At);

/// <summary>
/// Which model version each arm served last, from the answers the Try-it page received. The Models page shows it
/// beside the registry's aliases, so after a promotion one can see the variant serving the new version.
/// </summary>
public sealed class ServedVersions
{
    private readonly ConcurrentDictionary<string, ServedVersion> _byArm = new(StringComparer.Ordinal);

    public void Observe(ChooseResult result, DateTimeOffset at)
    {
        if (result.Arm is { } arm)
        {
            _byArm[arm] = new ServedVersion(arm, result.Alias, result.ModelVersion, at);
        }
    }

    public ServedVersion? For(string arm) => _byArm.TryGetValue(arm, out var seen) ? seen : null;
}
