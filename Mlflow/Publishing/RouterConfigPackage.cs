namespace Bandit.Mlflow.Publishing;

/// <summary>
/// The MLflow model folder of a router allocation config (a <c>movielens_ctr_router</c> version): <c>MLmodel</c> with
/// the <c>bandit_router</c> flavor (<c>config_file: router_config.json</c>, <c>schema_version: 1</c>) and the config
/// JSON itself. Takes the JSON as text so this library stays independent of the allocation code.
/// </summary>
public static class RouterConfigPackage
{
    public const string FlavorName = "bandit_router";
    public const string ConfigFile = "router_config.json";
    public const int SchemaVersion = 1;

    /// <summary>The registered model and alias the Router reads (DESIGN.md).</summary>
    public const string RegisteredModelName = "movielens_ctr_router";

    public const string Alias = "router";

    /// <summary>The experiment whose runs produce router config versions.</summary>
    public const string ExperimentName = "movielens_ctr_router";

    /// <summary>Writes the folder (created when missing) and returns its path.</summary>
    public static string Write(string folder, string configJson, string mlflowVersion = "3.6.0")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configJson);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ConfigFile), configJson);
        var file = MlModelFile.Create(ModelPublisher.ModelArtifactPath, runId: null);
        file.MlflowVersion = mlflowVersion;
        file.Flavors[FlavorName] = new Dictionary<string, object?>
        {
            ["config_file"] = ConfigFile,
            ["schema_version"] = SchemaVersion,
        };
        file.Save(folder);
        return folder;
    }

    /// <summary>
    /// Registers <paramref name="configJson"/> as a new version of <paramref name="registeredModelName"/> (through a run
    /// in <paramref name="experimentName"/>) and, when <paramref name="alias"/> is not null, points the alias at it.
    /// </summary>
    public static async Task<PublishedModel> PublishRouterConfigAsync(this ModelPublisher publisher, string configJson, string runName,
        IReadOnlyDictionary<string, string>? tags = null, string? alias = Alias, string registeredModelName = RegisteredModelName,
        string experimentName = ExperimentName, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(Path.GetTempPath(), "bandit-router-config-" + Guid.NewGuid().ToString("N"));
        try
        {
            Write(folder, configJson);
            var content = new RunContent { Tags = tags ?? new Dictionary<string, string>() };
            var published = await publisher.PublishAsync(experimentName, runName, folder, registeredModelName, content, tags, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            if (alias is not null)
            {
                await publisher.Client.SetAliasAsync(registeredModelName, alias, published.Version.Version, cancellationToken).ConfigureAwait(false);
            }

            return published;
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
