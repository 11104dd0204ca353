using System.Globalization;

namespace Bandit.Contracts.Flavors;

/// <summary>
/// The <c>bandit_router</c> flavor of a router config version (a <see cref="RegistryNames.RouterModel"/> version): its
/// <c>MLmodel</c> names <c>bandit_router: {config_file: router_config.json, schema_version: 1}</c> and the config JSON
/// lies beside it. Whoever publishes a config (the Trainer, the Router's admin API) writes it with <see cref="Files"/>
/// and <see cref="Flavors"/>; the Router reads it with <see cref="ConfigFileOf"/>.
/// </summary>
public static class RouterConfigFlavor
{
    public const string Name = "bandit_router";
    public const string ConfigFile = "router_config.json";
    public const int SchemaVersion = 1;

    private const string ConfigFileKey = "config_file";
    private const string SchemaVersionKey = "schema_version";

    /// <summary>The files of a version beside its <c>MLmodel</c>: the config JSON, as text.</summary>
    public static Dictionary<string, string> Files(string configJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configJson);
        return new() { [ConfigFile] = configJson };
    }

    /// <summary>The <c>flavors</c> of a version's <c>MLmodel</c>.</summary>
    public static Dictionary<string, Dictionary<string, object?>> Flavors() =>
        new() { [Name] = new() { [ConfigFileKey] = ConfigFile, [SchemaVersionKey] = SchemaVersion } };

    /// <summary>
    /// The config file an <c>MLmodel</c>'s flavors name (<see cref="ConfigFile"/> when the flavor leaves it out). Throws
    /// <see cref="InvalidDataException"/> when the flavor is missing or names anything but a file beside <c>MLmodel</c>.
    /// </summary>
    public static string ConfigFileOf(IReadOnlyDictionary<string, Dictionary<string, object?>> flavors)
    {
        if (!flavors.TryGetValue(Name, out var flavor) || flavor is null)
        {
            throw new InvalidDataException($"MLmodel has no '{Name}' flavor (found: {string.Join(", ", flavors.Keys)}).");
        }

        var configFile = flavor.TryGetValue(ConfigFileKey, out var f) && Convert.ToString(f, CultureInfo.InvariantCulture) is { Length: > 0 } name ? name : ConfigFile;
        if (configFile != Path.GetFileName(configFile) || configFile.Contains("..", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{ConfigFileKey} must be a file name beside MLmodel, got '{configFile}'.");
        }

        return configFile;
    }
}
