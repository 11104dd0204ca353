using Bandit.Registry.Extensions;
using Bandit.Registry.Infrastructure;
using Bandit.Registry.Model;
using Microsoft.Extensions.Options;

namespace Bandit.Registry.Storage;

/// <summary>
/// Artifacts as files under one root folder. Every path is checked twice: MLflow's rules on the text
/// (<see cref="Validation.ArtifactPath"/>) and, after resolving, that the full path stays under the root.
/// Uploads land in a scratch file first and are renamed into place, so a reader never sees half a file
/// and concurrent uploads of one path leave one whole version of it.
/// </summary>
public sealed class ArtifactStore
{
    private readonly string _root;
    private readonly string _uploads;

    public ArtifactStore(IOptions<RegistryOptions> options)
    {
        _root = Path.GetFullPath(options.Value.ArtifactRoot);
        _uploads = Path.GetFullPath(options.Value.UploadDir);
        Directory.CreateDirectory(_root);
        Directory.CreateDirectory(_uploads);
    }

    public string Root => _root;

    /// <summary>The full path for an artifact path, or 400 "Invalid path" when it would leave the root.</summary>
    public string Resolve(string? path)
    {
        var relative = Validation.ArtifactPath(path ?? "");
        var full = Path.GetFullPath(Path.Combine(_root, relative.Replace('/', Path.DirectorySeparatorChar)));
        if (full != _root && !full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw RegistryException.Invalid("Invalid path");
        }

        return full;
    }

    public async Task WriteAsync(string path, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var target = Resolve(path);
        if (target == _root || Directory.Exists(target))
        {
            throw RegistryException.Invalid($"Cannot write artifact '{path}': it is a directory.");
        }

        var scratch = Path.Combine(_uploads, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(scratch, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        throw new RegistryException(StatusCodes.Status413PayloadTooLarge, ErrorCodes.ResourceLimitExceeded, $"Artifact '{path}' is larger than the limit of {maxBytes} bytes.");
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
            }

            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(scratch, target, overwrite: true);
            }
            catch (IOException e)
            {
                // A file where a folder of the path should be (or the reverse).
                throw RegistryException.Invalid($"Cannot write artifact '{path}': {e.Message.Replace(_root, "<artifact-root>", StringComparison.Ordinal)}");
            }
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    /// <summary>The entries directly under <paramref name="path"/> (base names, as MLflow's proxy answers); empty when it is not a folder.</summary>
    public IReadOnlyList<FileInfoDto> List(string? path)
    {
        var dir = new DirectoryInfo(Resolve(path));
        if (!dir.Exists)
        {
            return [];
        }

        return dir.EnumerateFileSystemInfos()
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .Select(e => e is FileInfo f ? new FileInfoDto(f.Name, false, f.Length) : new FileInfoDto(e.Name, true, null))
            .ToList();
    }

    /// <summary>The file at <paramref name="path"/>, or 404 RESOURCE_DOES_NOT_EXIST (MLflow answers a 500 here).</summary>
    public FileInfo GetFile(string path)
    {
        var file = new FileInfo(Resolve(path));
        return file.Exists ? file : throw RegistryException.NotFound($"Artifact '{path}' does not exist (or is a folder).");
    }
}
