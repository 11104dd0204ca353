using Bandit.Mlflow.Protocol;

namespace Bandit.Mlflow;

// Artifacts through the mlflow-artifacts proxy: PUT/GET /api/2.0/mlflow-artifacts/artifacts/<path>,
// GET /api/2.0/mlflow-artifacts/artifacts?path=<dir> to list.
public sealed partial class MlflowClient
{
    private const int DownloadParallelism = 4;

    /// <summary>Uploads one file to <paramref name="artifactUri"/>/<paramref name="relativePath"/> (a PUT: idempotent, so retried on transient errors).</summary>
    public async Task UploadArtifactAsync(string artifactUri, string relativePath, Stream content, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, ArtifactUri.ToHttp(_tracking, artifactUri, RequireRelative(relativePath)))
        {
            // StreamContent rewinds a seekable stream if the pipeline sends the request again.
            Content = new StreamContent(content),
        };
        request.Content.Headers.ContentType = new("application/octet-stream");
        await SendAsync(request, MlflowJsonContext.Default.EmptyResponse, cancellationToken).ConfigureAwait(false);
    }

    public async Task UploadArtifactAsync(string artifactUri, string relativePath, byte[] content, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream(content, writable: false);
        await UploadArtifactAsync(artifactUri, relativePath, stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Uploads every file under <paramref name="localDir"/>, keeping its layout, under <paramref name="destPath"/> (or the URI's root).</summary>
    public async Task UploadDirectoryAsync(string artifactUri, string localDir, string? destPath = null, CancellationToken cancellationToken = default)
    {
        var root = Path.GetFullPath(localDir);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"'{root}' is not a directory.");
        }

        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToList();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = DownloadParallelism, CancellationToken = cancellationToken }, async (file, ct) =>
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            await using var stream = File.OpenRead(file);
            await UploadArtifactAsync(artifactUri, ArtifactUri.Join(destPath ?? "", relative), stream, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// The files and folders directly under <paramref name="artifactUri"/>/<paramref name="path"/>, with paths
    /// relative to <paramref name="artifactUri"/> (as the Python client returns them). A missing folder lists as empty.
    /// </summary>
    public async Task<IReadOnlyList<ArtifactFile>> ListArtifactsAsync(string artifactUri, string? path = null, CancellationToken cancellationToken = default)
    {
        var (endpoint, root) = ArtifactUri.Resolve(_tracking, artifactUri);
        var listed = ArtifactUri.Join(root, path);
        var response = await GetAsync(ArtifactUri.ListUrl(endpoint, listed), MlflowJsonContext.Default.ListArtifactsResponse, cancellationToken).ConfigureAwait(false);

        // The server answers base names; give them back under the requested path.
        return (response.Files ?? [])
            .Select(f => f with { Path = ArtifactUri.Join(path ?? "", f.Path[(f.Path.LastIndexOf('/') + 1)..]) })
            .ToList();
    }

    /// <summary>One artifact file's bytes.</summary>
    public async Task<byte[]> DownloadArtifactAsync(string artifactUri, string relativePath, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await DownloadArtifactToAsync(artifactUri, relativePath, buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Streams one artifact file into <paramref name="destination"/>.</summary>
    public async Task DownloadArtifactToAsync(string artifactUri, string? relativePath, Stream destination, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ArtifactUri.ToHttp(_tracking, artifactUri, relativePath));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(request, response, cancellationToken).ConfigureAwait(false);
        await response.Content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Downloads everything under <paramref name="artifactUri"/> into <paramref name="localDir"/>, recursively, and
    /// returns the number of files. An artifact URI that names a single file downloads that file. Nothing there → 404.
    /// </summary>
    public async Task<int> DownloadDirectoryAsync(string artifactUri, string localDir, CancellationToken cancellationToken = default)
    {
        var root = Path.GetFullPath(localDir);
        Directory.CreateDirectory(root);
        var files = new List<string>();
        await CollectFilesAsync(artifactUri, null, files, cancellationToken).ConfigureAwait(false);
        if (files.Count == 0)
        {
            // No listing: either a single file or nothing at all (the GET says which).
            var (_, path) = ArtifactUri.Resolve(_tracking, artifactUri);
            var target = Path.Combine(root, path[(path.LastIndexOf('/') + 1)..]);
            await DownloadFileAsync(artifactUri, null, target, cancellationToken).ConfigureAwait(false);
            return 1;
        }

        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = DownloadParallelism, CancellationToken = cancellationToken }, async (file, ct) =>
        {
            var target = Path.GetFullPath(Path.Combine(root, file.Replace('/', Path.DirectorySeparatorChar)));
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Artifact '{file}' would be written outside '{root}'.");
            }

            await DownloadFileAsync(artifactUri, file, target, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return files.Count;
    }

    private async Task CollectFilesAsync(string artifactUri, string? path, List<string> files, CancellationToken cancellationToken)
    {
        foreach (var entry in await ListArtifactsAsync(artifactUri, path, cancellationToken).ConfigureAwait(false))
        {
            if (entry.IsDir)
            {
                await CollectFilesAsync(artifactUri, entry.Path, files, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                files.Add(entry.Path);
            }
        }
    }

    private async Task DownloadFileAsync(string artifactUri, string? relativePath, string target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".part";
        try
        {
            await using (var file = File.Create(partial))
            {
                await DownloadArtifactToAsync(artifactUri, relativePath, file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(partial, target, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static string RequireRelative(string relativePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        return relativePath;
    }
}
