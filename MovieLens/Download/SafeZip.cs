using System.IO.Compression;

namespace Bandit.MovieLens.Download;

/// <summary>Extracts a zip refusing entries that would land outside the target folder (zip-slip) and archives
/// that expand beyond a size limit.</summary>
internal static class SafeZip
{
    /// <summary>No MovieLens zip we fetch expands past 1 GiB (ml-1m: ~25 MB).</summary>
    public const long MaxExpandedBytes = 1L << 30;

    public static void Extract(string zipPath, string targetFolder, string describe)
    {
        var root = Path.GetFullPath(targetFolder);
        var rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        using var archive = ZipFile.OpenRead(zipPath);

        long total = 0;
        foreach (var entry in archive.Entries)
        {
            var destination = Path.GetFullPath(Path.Combine(root, entry.FullName));
            if (Path.IsPathRooted(entry.FullName) || !destination.StartsWith(rootWithSeparator, StringComparison.Ordinal))
            {
                throw new MovieLensDownloadException($"{describe}: refused the archive, entry '{entry.FullName}' would be written outside the extraction folder");
            }

            total += entry.Length;
            if (total > MaxExpandedBytes)
            {
                throw new MovieLensDownloadException($"{describe}: refused the archive, it expands beyond {MaxExpandedBytes} bytes");
            }
        }

        foreach (var entry in archive.Entries)
        {
            var destination = Path.GetFullPath(Path.Combine(root, entry.FullName));
            if (entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\'))
            {
                Directory.CreateDirectory(destination);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            entry.ExtractToFile(destination, overwrite: false);
        }
    }
}
