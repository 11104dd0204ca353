using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Bandit.Contracts;

namespace Aspire.Hosting;

/// <summary>
/// The <c>mlflow</c> resource in the form <see cref="InfrastructureChoice"/> picked: the official MLflow image, a real
/// <c>mlflow</c> command on PATH, or the bundled MLflow-REST-compatible Registry. Every form serves the MLflow REST API
/// on its <c>http</c> endpoint (port 5000) with <c>/health</c>, and keeps its data where a restart finds it.
/// </summary>
internal static class MlflowResources
{
    public const string Name = ResourceNames.Mlflow;
    private const int Port = 5000;
    private const string Image = "mlflow/mlflow";
    private const string Tag = "v3.6.0";

    public static IResourceBuilder<IResourceWithEndpoints> AddBanditMlflow(this IDistributedApplicationBuilder builder, MlflowForm form) => form switch
    {
        MlflowForm.Container => builder.AddMlflowContainer(Name),
        MlflowForm.Cli => builder.AddMlflowCli(Name),
        _ => builder.AddBundledRegistry(Name),
    };

    /// <summary>
    /// The official image: SQLite backend and served artifacts on a data volume, and the host names the other resources
    /// use in the allowed-hosts list (MLflow 3.5+ rejects any other Host header).
    /// </summary>
    private static IResourceBuilder<ContainerResource> AddMlflowContainer(this IDistributedApplicationBuilder builder, string name)
    {
        return builder.AddContainer(name, Image, Tag)
            .WithImageRegistry("ghcr.io")
            .WithVolume("bandit-mlflow-data", "/mlflow")
            .WithArgs(
                "mlflow", "server",
                "--host", "0.0.0.0",
                "--port", Port.ToString(CultureInfo.InvariantCulture),
                "--backend-store-uri", "sqlite:////mlflow/mlflow.db",
                "--artifacts-destination", "/mlflow/artifacts",
                "--serve-artifacts",
                "--allowed-hosts", $"{name},{name}:*,localhost,localhost:*,127.0.0.1,127.0.0.1:*,host.docker.internal:*")
            .WithHttpEndpoint(port: Port, targetPort: Port, name: "http")
            .WithHttpHealthCheck("/health");
    }

    /// <summary>
    /// A real MLflow server from the <c>mlflow</c> command on PATH (as <c>pip install mlflow</c> gives ML engineers), with
    /// a SQLite store and served artifacts in <c>&lt;Infrastructure:DataDir&gt;/mlflow</c>.
    /// </summary>
    private static IResourceBuilder<ExecutableResource> AddMlflowCli(this IDistributedApplicationBuilder builder, string name)
    {
        var dir = builder.DataPath("mlflow");
        Directory.CreateDirectory(dir);
        var targetPort = FreePort.Next();
        return builder.AddExecutable(name, "mlflow", dir,
                "server",
                "--host", "127.0.0.1",
                "--port", targetPort.ToString(CultureInfo.InvariantCulture),
                "--backend-store-uri", "sqlite:///" + Path.Combine(dir, "mlflow.db"),
                "--artifacts-destination", Path.Combine(dir, "artifacts"),
                "--serve-artifacts")
            .WithHttpEndpoint(port: Port, targetPort: targetPort, name: "http")
            .WithHttpHealthCheck("/health")
            .WithIconName("BeakerSettings");
    }

    /// <summary>The bundled Registry project (SQLite + artifact folder in <c>&lt;Infrastructure:DataDir&gt;/mlflow-data</c>).</summary>
    private static IResourceBuilder<ProjectResource> AddBundledRegistry(this IDistributedApplicationBuilder builder, string name)
    {
        return builder.AddBanditProject<Projects.Bandit_Registry>(name)
            .WithEnvironment(ConfigurationKeys.EnvironmentVariable(ConfigurationKeys.Registry.DataDir), builder.DataPath("mlflow-data"))
            .WithHttpHealthCheck("/health");
    }
}
