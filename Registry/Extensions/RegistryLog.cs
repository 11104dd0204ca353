using Microsoft.Extensions.Logging;

namespace Bandit.Registry;

/// <summary>The registry's log messages.</summary>
internal static partial class RegistryLog
{
    [LoggerMessage(1, LogLevel.Error, "Unhandled error on {Method} {Path}")]
    public static partial void UnhandledError(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "MLflow-compatible registry: database {DatabasePath}, artifacts {ArtifactRoot}")]
    public static partial void Storage(ILogger logger, string databasePath, string artifactRoot);
}
