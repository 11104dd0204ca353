using Bandit.Allocation;

namespace Bandit.Router.Experiment;

/// <summary>
/// The allocation in force, frozen: a validated config, where it came from (<see cref="Version"/> is the model
/// version of the <c>router</c> alias, or <c>embedded</c>), its strategy and experiment key, and the traffic
/// window of this replica (kept across configs of the same experiment).
/// </summary>
public sealed class LiveConfig
{
    public const string EmbeddedVersion = "embedded";

    public LiveConfig(RouterConfig config, string version, string source, DateTimeOffset loadedAt, ArmTrafficWindow window)
    {
        Config = config;
        Version = version;
        Source = source;
        LoadedAt = loadedAt;
        Window = window;
        ExperimentKey = config.ExperimentKey;
        Strategy = AllocationStrategies.Create(config);
        ArmNames = [.. config.Arms.Select(a => a.Name)];
    }

    public RouterConfig Config { get; }

    public string Version { get; }

    /// <summary>A <c>models:/</c> URI, or <c>embedded</c> for the built-in default.</summary>
    public string Source { get; }

    public DateTimeOffset LoadedAt { get; }

    public string ExperimentKey { get; }

    public IAllocationStrategy Strategy { get; }

    public IReadOnlyList<string> ArmNames { get; }

    /// <summary>Traffic share over this replica's last N decisions.</summary>
    public ArmTrafficWindow Window { get; }

    /// <summary>The arm's index, or -1.</summary>
    public int IndexOf(string arm)
    {
        for (var i = 0; i < ArmNames.Count; i++)
        {
            if (string.Equals(ArmNames[i], arm, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
