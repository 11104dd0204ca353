namespace Bandit.Mlflow;

// models:/ URIs: resolution to a version and its artifacts, and download to a local folder.
public sealed partial class MlflowClient
{
    /// <summary>
    /// Resolves <c>models:/name@alias</c>, <c>models:/name/3</c> or <c>models:/name/latest</c> to the model
    /// version and its download URI, the way the Python client does (alias GET or version GET, then
    /// <c>get-download-uri</c>).
    /// </summary>
    public async Task<ResolvedModel> ResolveModelUriAsync(string modelUri, CancellationToken cancellationToken = default)
    {
        var uri = ModelUri.Parse(modelUri);
        ModelVersion version;
        if (uri.Alias is not null)
        {
            version = await GetModelVersionByAliasAsync(uri.Name, uri.Alias, cancellationToken).ConfigureAwait(false);
        }
        else if (uri.IsLatest)
        {
            var page = await SearchModelVersionsAsync(NameFilter(uri.Name), 1, ["version_number DESC"], cancellationToken: cancellationToken).ConfigureAwait(false);
            version = page.ModelVersions.Count > 0
                ? page.ModelVersions[0]
                : throw new MlflowException(System.Net.HttpStatusCode.NotFound, MlflowErrorCodes.ResourceDoesNotExist, $"Registered model {uri.Name} has no versions.");
        }
        else
        {
            version = await GetModelVersionAsync(uri.Name, uri.Version!, cancellationToken).ConfigureAwait(false);
        }

        var artifactUri = await GetDownloadUriAsync(version.Name, version.Version, cancellationToken).ConfigureAwait(false);
        return new ResolvedModel(version, await ResolveRunsUriAsync(artifactUri, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Downloads the model behind <paramref name="modelUri"/> (every file, recursively) into
    /// <paramref name="localDir"/> and returns the version it resolved to and the local folder.
    /// </summary>
    public async Task<(ModelVersion Version, string LocalPath)> DownloadModelAsync(string modelUri, string localDir, CancellationToken cancellationToken = default)
    {
        var resolved = await ResolveModelUriAsync(modelUri, cancellationToken).ConfigureAwait(false);
        await DownloadDirectoryAsync(resolved.ArtifactUri, localDir, cancellationToken).ConfigureAwait(false);
        return (resolved.Version, Path.GetFullPath(localDir));
    }

    /// <summary><c>runs:/&lt;run_id&gt;/path</c> → the run's artifact URI + path; any other URI unchanged.</summary>
    public async Task<string> ResolveRunsUriAsync(string artifactUri, CancellationToken cancellationToken = default)
    {
        const string prefix = "runs:/";
        if (!artifactUri.StartsWith(prefix, StringComparison.Ordinal))
        {
            return artifactUri;
        }

        var rest = artifactUri[prefix.Length..].TrimStart('/');
        var slash = rest.IndexOf('/');
        var runId = slash < 0 ? rest : rest[..slash];
        var run = await GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        var root = run.Info.ArtifactUri ?? throw new InvalidOperationException($"Run {runId} has no artifact_uri.");
        return slash < 0 ? root : ArtifactUri.Join(root, rest[(slash + 1)..]);
    }
}
