using System.Security.Cryptography;

namespace Bandit.MovieLens.Download;

/// <summary>
/// Downloads a <see cref="RemoteDataSet"/> into a cache folder once: the zip is hashed while it streams to a
/// temporary file, refused (and deleted) unless its SHA-256 matches, extracted without zip-slip into a temporary
/// folder, and only then moved to <c>{cache}/{name}</c> with a marker holding the verified hash. A folder with
/// that marker is a cache hit; anything else in its place is discarded and fetched again.
/// </summary>
public sealed class MovieLensDownloader(HttpClient http)
{
    /// <summary>File written inside a verified data folder, holding the zip's SHA-256.</summary>
    public const string VerifiedMarker = ".verified-sha256";

    private const int BufferSize = 81920;
    private const long ProgressEveryBytes = 256 * 1024;

    /// <summary>The folder holding the data set's files, downloading it first unless the cache already has it.</summary>
    public async Task<string> EnsureAsync(RemoteDataSet dataSet, string cacheFolder, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var target = Path.Combine(Path.GetFullPath(cacheFolder), dataSet.Name);
        if (IsCached(target, dataSet))
        {
            return target;
        }

        Directory.CreateDirectory(cacheFolder);
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true); // an interrupted or outdated copy
        }

        var token = Guid.NewGuid().ToString("N");
        var zipPath = Path.Combine(cacheFolder, $".{dataSet.Name}.{token}.zip.partial");
        var extractPath = Path.Combine(cacheFolder, $".{dataSet.Name}.{token}.extract");
        try
        {
            var actual = await DownloadAsync(dataSet, zipPath, progress, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(actual, dataSet.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new MovieLensDownloadException(
                    $"{dataSet.Url}: SHA-256 {actual} does not match the expected {dataSet.Sha256}; the download was discarded");
            }

            SafeZip.Extract(zipPath, extractPath, dataSet.Url.ToString());
            var dataFolder = FindDataFolder(extractPath)
                ?? throw new MovieLensDownloadException($"{dataSet.Url}: the archive holds no MovieLens files");
            await File.WriteAllTextAsync(Path.Combine(dataFolder, VerifiedMarker), dataSet.Sha256.ToLowerInvariant(), cancellationToken).ConfigureAwait(false);
            try
            {
                Directory.Move(dataFolder, target);
            }
            catch (IOException) when (IsCached(target, dataSet))
            {
                // Another process finished the same download first: its copy is as good as ours.
            }

            return target;
        }
        finally
        {
            File.Delete(zipPath);
            if (Directory.Exists(extractPath))
            {
                Directory.Delete(extractPath, recursive: true);
            }
        }
    }

    /// <summary>True when <paramref name="folder"/> is a completed, verified copy of <paramref name="dataSet"/>.</summary>
    public static bool IsCached(string folder, RemoteDataSet dataSet)
    {
        var marker = Path.Combine(folder, VerifiedMarker);
        return File.Exists(marker)
            && string.Equals(File.ReadAllText(marker).Trim(), dataSet.Sha256, StringComparison.OrdinalIgnoreCase)
            && MovieLensLoader.TryDetectFormat(folder) is not null;
    }

    private async Task<string> DownloadAsync(RemoteDataSet dataSet, string zipPath, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(dataSet.Url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new MovieLensDownloadException($"{dataSet.Url}: {e.Message}", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new MovieLensDownloadException($"{dataSet.Url}: the server answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var total = response.Content.Headers.ContentLength ?? dataSet.SizeBytes;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var input = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var output = new FileStream(zipPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
            var buffer = new byte[BufferSize];
            long received = 0, reported = 0;
            progress?.Report(new DownloadProgress(dataSet.Name, 0, total));
            int read;
            while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                received += read;
                if (received - reported >= ProgressEveryBytes)
                {
                    reported = received;
                    progress?.Report(new DownloadProgress(dataSet.Name, received, total));
                }
            }

            progress?.Report(new DownloadProgress(dataSet.Name, received, total));
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
    }

    /// <summary>The extraction folder itself or a folder up to two levels below it holding a MovieLens layout.</summary>
    private static string? FindDataFolder(string root)
    {
        if (!Directory.Exists(root))
        {
            return null;
        }

        if (MovieLensLoader.TryDetectFormat(root) is not null)
        {
            return root;
        }

        return Directory.EnumerateDirectories(root, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 1 })
            .Order(StringComparer.Ordinal)
            .FirstOrDefault(d => MovieLensLoader.TryDetectFormat(d) is not null);
    }
}
