using System.Text;
using Bandit.Allocation;
using Bandit.Contracts.Flavors;
using Bandit.Mlflow;

namespace Bandit.Router.Experiment.Registry;

/// <summary>
/// Reads a router config model version (<see cref="RouterConfigFlavor"/>): <c>MLmodel</c> naming the flavor
/// <c>bandit_router: {config_file: router_config.json, schema_version: 1}</c>, beside the config file it names.
/// </summary>
public static class RouterConfigArtifacts
{
    /// <summary>Downloads and validates the config of one model version (MLmodel first, then the file its flavor names).</summary>
    public static async Task<RouterConfig> LoadAsync(MlflowClient client, string model, string version, CancellationToken cancellationToken)
    {
        var resolved = await client.ResolveModelUriAsync($"{ModelUri.Prefix}{model}/{version}", cancellationToken).ConfigureAwait(false);
        var mlmodel = MlModelFile.Parse(Encoding.UTF8.GetString(await client.DownloadArtifactAsync(resolved.ArtifactUri, MlModelFile.FileName, cancellationToken).ConfigureAwait(false)));
        string configFile;
        try
        {
            configFile = RouterConfigFlavor.ConfigFileOf(mlmodel.Flavors);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{model}/{version}: {e.Message}", e);
        }

        var json = Encoding.UTF8.GetString(await client.DownloadArtifactAsync(resolved.ArtifactUri, configFile, cancellationToken).ConfigureAwait(false));
        if (!RouterConfig.TryParse(json, out var config, out var errors) || config is null)
        {
            throw new InvalidDataException($"{model}/{version}: {configFile} is not a usable router config: {string.Join(" ", errors)}");
        }

        return config;
    }
}
