using System.ComponentModel.DataAnnotations;
using Bandit.Contracts;

namespace Bandit.Registry.Extensions;

/// <summary>Where the registry keeps its data, and how big an artifact may be (section <c>Registry</c>).</summary>
public sealed class RegistryOptions : IValidatableObject
{
    public const string SectionName = ConfigurationKeys.Registry.Section;

    /// <summary>Folder of the SQLite file (<c>mlflow.db</c>) and the artifact root (<c>artifacts/</c>); relative to the working directory.</summary>
    [Required]
    public string DataDir { get; set; } = "./mlflow-data";

    /// <summary>Largest artifact upload in bytes (default 512 MB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxArtifactBytes { get; set; } = 512L * 1024 * 1024;

    public string DataDirFullPath => Path.GetFullPath(DataDir);

    public string DatabasePath => Path.Combine(DataDirFullPath, "mlflow.db");

    public string ArtifactRoot => Path.Combine(DataDirFullPath, "artifacts");

    /// <summary>A data folder that is a file threw "already exists" from the database's first use, trace and all.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(DataDir) && File.Exists(DataDirFullPath))
        {
            yield return new ValidationResult($"Registry:DataDir {DataDirFullPath} is a file, not a folder", [nameof(DataDir)]);
        }
    }

    /// <summary>Scratch space for uploads in flight, beside (not inside) the artifact root so listings never show it.</summary>
    public string UploadDir => Path.Combine(DataDirFullPath, "uploads");
}
