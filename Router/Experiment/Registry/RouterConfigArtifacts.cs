using System.Text;
using Bandit.Allocation;
using Bandit.Mlflow;
using Bandit.Mlflow.Publishing;

namespace Bandit.Router.Experiment.Registry;

/// <summary>
/// Reads a router config model version (<see cref="RouterConfigPackage"/>): <c>MLmodel</c> naming the flavor
/// <c>bandit_router: {config_file: router_config.json, schema_version: 1}</c>, beside the config file it names.
/// </summary>
public static class RouterConfigArtifacts
{
    /// <summary>Downloads and validates the config of one model version (MLmodel first, then the file its flavor names).</summary>
    public static async Task<RouterConfig> LoadAsync(MlflowClient client, string model, string version, CancellationToken cancellationToken)
    {
        var resolved = await client.ResolveModelUriAsync($"{ModelUri.Prefix}{model}/{version}", cancellationToken).ConfigureAwait(false);
        var mlmodel = MlModelFile.Parse(Encoding.UTF8.GetString(await client.DownloadArtifactAsync(resolved.ArtifactUri, MlModelFile.FileName, cancellationToken).ConfigureAwait(false)));
        if (!mlmodel.Flavors.TryGetValue(RouterConfigPackage.FlavorName, out var flavor))
        {
            throw new InvalidDataException($"{model}/{version}: MLmodel has no '{RouterConfigPackage.FlavorName}' flavor (found: {string.Join(", ", mlmodel.Flavors.Keys)}).");
        }

        var configFile = flavor.TryGetValue("config_file", out var f) && f?.ToString() is { Length: > 0 } name ? name : RouterConfigPackage.ConfigFile;
        if (configFile != Path.GetFileName(configFile) || configFile.Contains("..", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{model}/{version}: config_file must be a file name beside MLmodel, got '{configFile}'.");
        }

        var json = Encoding.UTF8.GetString(await client.DownloadArtifactAsync(resolved.ArtifactUri, configFile, cancellationToken).ConfigureAwait(false));
        if (!RouterConfig.TryParse(json, out var config, out var errors) || config is null)
        {
            throw new InvalidDataException($"{model}/{version}: {configFile} is not a usable router config: {string.Join(" ", errors)}");
        }

        return config;
    }
}
