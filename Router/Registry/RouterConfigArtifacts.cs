using System.Text;
using Bandit.Allocation;
using Bandit.Mlflow;

namespace Bandit.Router.Registry;

/// <summary>
/// The layout of a router config model version: <c>MLmodel</c> naming the flavor
/// <c>bandit_router: {config_file: router_config.json, schema_version: 1}</c>, beside <c>router_config.json</c>.
/// </summary>
public static class RouterConfigArtifacts
{
    public const string Flavor = "bandit_router";
    public const string ConfigFileKey = "config_file";
    public const string SchemaVersionKey = "schema_version";
    public const int SchemaVersion = 1;

    /// <summary>The MLmodel file for a config logged by <paramref name="runId"/> under <c>model/</c>.</summary>
    public static MlModelFile CreateMlModel(string? runId)
    {
        var file = MlModelFile.Create("model", runId);
        file.Flavors[Flavor] = new Dictionary<string, object?> { [ConfigFileKey] = RouterConfig.ArtifactFileName, [SchemaVersionKey] = SchemaVersion };
        return file;
    }

    /// <summary>Downloads and validates the config of one model version (MLmodel first, then the file its flavor names).</summary>
    public static async Task<RouterConfig> LoadAsync(MlflowClient client, string model, string version, CancellationToken cancellationToken)
    {
        var resolved = await client.ResolveModelUriAsync($"{ModelUri.Prefix}{model}/{version}", cancellationToken).ConfigureAwait(false);
        var mlmodel = MlModelFile.Parse(Encoding.UTF8.GetString(await client.DownloadArtifactAsync(resolved.ArtifactUri, MlModelFile.FileName, cancellationToken).ConfigureAwait(false)));
        if (!mlmodel.Flavors.TryGetValue(Flavor, out var flavor))
        {
            throw new InvalidDataException($"{model}/{version}: MLmodel has no '{Flavor}' flavor (found: {string.Join(", ", mlmodel.Flavors.Keys)}).");
        }

        var configFile = flavor.TryGetValue(ConfigFileKey, out var f) && f?.ToString() is { Length: > 0 } name ? name : RouterConfig.ArtifactFileName;
        if (configFile != Path.GetFileName(configFile) || configFile.Contains("..", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{model}/{version}: {ConfigFileKey} must be a file name beside MLmodel, got '{configFile}'.");
        }

        var json = Encoding.UTF8.GetString(await client.DownloadArtifactAsync(resolved.ArtifactUri, configFile, cancellationToken).ConfigureAwait(false));
        if (!RouterConfig.TryParse(json, out var config, out var errors) || config is null)
        {
            throw new InvalidDataException($"{model}/{version}: {configFile} is not a usable router config: {string.Join(" ", errors)}");
        }

        return config;
    }
}
