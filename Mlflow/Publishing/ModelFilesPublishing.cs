namespace Bandit.Mlflow.Publishing;

/// <summary>Publishing a model that is a few small text files (a config, say) rather than a folder already on disk.</summary>
public static class ModelFilesPublishing
{
    /// <summary>The MLflow version whose <c>MLmodel</c> layout the written file follows.</summary>
    public const string MlflowVersion = "3.6.0";

    /// <summary>
    /// Writes <paramref name="files"/> and an <c>MLmodel</c> naming <paramref name="flavors"/> to a temporary folder,
    /// publishes it as a new version of <paramref name="registeredModelName"/> through a run in
    /// <paramref name="experimentName"/> (<paramref name="tags"/> on both) and, when <paramref name="alias"/> is not null,
    /// points the alias at it: the last step, so a follower of the alias only ever sees a complete version.
    /// </summary>
    public static async Task<PublishedModel> PublishFilesAsync(this ModelPublisher publisher, string experimentName, string runName,
        IReadOnlyDictionary<string, string> files, IReadOnlyDictionary<string, Dictionary<string, object?>> flavors, string registeredModelName,
        IReadOnlyDictionary<string, string>? tags = null, string? alias = null, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(Path.GetTempPath(), "bandit-model-files-" + Guid.NewGuid().ToString("N"));
        try
        {
            Write(folder, files, flavors);
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

    private static void Write(string folder, IReadOnlyDictionary<string, string> files, IReadOnlyDictionary<string, Dictionary<string, object?>> flavors)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, text) in files)
        {
            if (name != Path.GetFileName(name) || name == MlModelFile.FileName)
            {
                throw new ArgumentException($"'{name}' is not a file name beside {MlModelFile.FileName}", nameof(files));
            }

            File.WriteAllText(Path.Combine(folder, name), text);
        }

        var file = MlModelFile.Create(ModelPublisher.ModelArtifactPath, runId: null);
        file.MlflowVersion = MlflowVersion;
        foreach (var (name, settings) in flavors)
        {
            file.Flavors[name] = settings;
        }

        file.Save(folder);
    }
}
