namespace Aspire.Hosting;

/// <summary>
/// The Bandit.Aspire building blocks the AppHost composes: the official MLflow image as the
/// model registry, and one Variants resource per arm.
/// </summary>
internal static class BanditResourceExtensions
{
    private const string MlflowImage = "mlflow/mlflow";
    private const string MlflowTag = "v3.6.0";
    private const int MlflowPort = 5000;

    /// <summary>
    /// MLflow's tracking server and model registry from the official image: SQLite backend and
    /// served artifacts on a data volume, a health check on <c>/health</c>, and the host names the
    /// other resources use in the allowed-hosts list (MLflow 3.5+ rejects any other Host header).
    /// </summary>
    public static IResourceBuilder<ContainerResource> AddMlflow(this IDistributedApplicationBuilder builder, string name)
    {
        return builder.AddContainer(name, MlflowImage, MlflowTag)
            .WithImageRegistry("ghcr.io")
            .WithVolume("bandit-mlflow-data", "/mlflow")
            .WithArgs(
                "mlflow", "server",
                "--host", "0.0.0.0",
                "--port", MlflowPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--backend-store-uri", "sqlite:////mlflow/mlflow.db",
                "--artifacts-destination", "/mlflow/artifacts",
                "--serve-artifacts",
                "--allowed-hosts", $"{name},{name}:*,localhost,localhost:*,127.0.0.1,127.0.0.1:*,host.docker.internal:*")
            .WithHttpEndpoint(targetPort: MlflowPort, name: "http")
            .WithHttpHealthCheck("/health");
    }

    /// <summary>Points a project at MLflow (<c>MLFLOW_TRACKING_URI</c>) and waits for it to be healthy.</summary>
    public static IResourceBuilder<ProjectResource> WithMlflow(this IResourceBuilder<ProjectResource> project, IResourceBuilder<ContainerResource> mlflow)
    {
        return project
            .WithEnvironment("MLFLOW_TRACKING_URI", mlflow.GetEndpoint("http"))
            .WaitFor(mlflow);
    }

    /// <summary>
    /// One arm: the Variants project serving <paramref name="alias"/>. The same project runs as two
    /// resources, so each gets its own endpoint instead of the launch profile's (dotnet/aspire#2754);
    /// it starts once the Trainer has registered the models.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddVariant(
        this IDistributedApplicationBuilder builder,
        string name,
        string alias,
        int port,
        IResourceBuilder<ContainerResource> mlflow,
        IResourceBuilder<ProjectResource> trainer)
    {
        return builder.AddProject<Projects.Bandit_Variants>(name, launchProfileName: null)
            .WithHttpEndpoint(port: port, name: "http")
            .WithEnvironment("Variant__Alias", alias)
            .WithMlflow(mlflow)
            .WaitForCompletion(trainer)
            .WithHttpHealthCheck("/health");
    }
}
