using System.Reflection;
using Aspire.Hosting.ApplicationModel;
using Bandit.Contracts;

namespace Aspire.Hosting;

/// <summary>
/// How the AppHost runs the Bandit.Aspire projects: each one from the dll its build left
/// (<c>dotnet exec</c>), the Variants project once per arm, and the references every service shares.
/// </summary>
internal static class BanditProjectExtensions
{
    /// <summary>
    /// Adds a project that runs as <c>dotnet exec &lt;its built dll&gt;</c> instead of <c>dotnet run</c>. Aspire's
    /// stop and restart commands send SIGINT to the process they started; <c>dotnet run</c> ignores it while its
    /// child runs, so a stop timed out, while the app itself shuts down in about a second. When the dll is missing
    /// (the project was not built in the AppHost's configuration) the default <c>dotnet run</c> is kept.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddBanditProject<TProject>(this IDistributedApplicationBuilder builder, string name, string? launchProfileName = "http")
        where TProject : IProjectMetadata, new()
    {
        var project = launchProfileName is null
            ? builder.AddProject<TProject>(name, launchProfileName: null)
            : builder.AddProject<TProject>(name, launchProfileName);
        if (BuiltDll(new TProject().ProjectPath) is { } dll)
        {
#pragma warning disable ASPIREEXTENSION001 // WithLaunchToolArgs is experimental in Aspire 13.6
            project.WithLaunchToolArgs(context =>
            {
                context.Args.Add("exec");
                context.Args.Add(dll);
            });
#pragma warning restore ASPIREEXTENSION001
        }

        return project
            .WithEnvironment("Logging__Console__FormatterName", "simple")
            .WithEnvironment("Logging__Console__FormatterOptions__SingleLine", "true");
    }

    /// <summary>
    /// One arm: the Variants project serving <see cref="Arm.Alias"/>. The same project runs once per arm, so each
    /// resource gets its own endpoint instead of the launch profile's (dotnet/aspire#2754); it starts once the
    /// Trainer has registered the models. The endpoint is not proxied: a stopped variant must refuse connections, as
    /// a dead process does, so the Router fails over at once (Aspire's proxy would accept and then hold them), and
    /// every decision saves a hop. With <c>DcpPublisher:RandomizePorts</c> (the test host sets it) it takes a free port.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddVariant(
        this IDistributedApplicationBuilder builder,
        Arm arm,
        IResourceBuilder<IResourceWithEndpoints> mlflow,
        IResourceBuilder<ProjectResource> trainer)
    {
        var port = builder.Configuration["DcpPublisher:RandomizePorts"] is "true" or "True" ? FreePort.Next() : arm.Port;
        return builder.AddBanditProject<Projects.Bandit_Variants>(arm.Resource, launchProfileName: null)
            .WithHttpEndpoint(port: port, targetPort: port, name: "http", isProxied: false)
            .WithEnvironment(ConfigurationKeys.EnvironmentVariable(ConfigurationKeys.Variant.Alias), arm.Alias)
            .WithMlflow(mlflow)
            .WaitForCompletion(trainer)
            .WithHttpHealthCheck("/health");
    }

    /// <summary>Points a project at MLflow (<c>MLFLOW_TRACKING_URI</c>) and waits for it to be healthy.</summary>
    public static IResourceBuilder<ProjectResource> WithMlflow(this IResourceBuilder<ProjectResource> project, IResourceBuilder<IResourceWithEndpoints> mlflow)
    {
        return project
            .WithEnvironment("MLFLOW_TRACKING_URI", mlflow.GetEndpoint("http"))
            .WaitFor(mlflow);
    }

    /// <summary>Gives the Router <c>ConnectionStrings:redis</c>, or nothing when Redis is off (in-memory state).</summary>
    public static IResourceBuilder<ProjectResource> WithRedis(this IResourceBuilder<ProjectResource> project, IResourceBuilder<IResourceWithConnectionString>? redis)
    {
        return redis is null ? project : project.WithReference(redis).WaitFor(redis);
    }

    /// <summary>References every arm's variant (<c>services:variant-x:http:0</c>) and waits for each.</summary>
    public static IResourceBuilder<ProjectResource> WithVariants(this IResourceBuilder<ProjectResource> project, IEnumerable<IResourceBuilder<ProjectResource>> variants)
    {
        foreach (var variant in variants)
        {
            project.WithReference(variant).WaitFor(variant);
        }

        return project;
    }

    /// <summary>
    /// The Trainer's command line: <c>Trainer:Args</c> (e.g. <c>--folds 2 --bootstrap 100</c> for a quick start), then
    /// <c>--arms</c> with every arm declared here, so the router config the Trainer registers routes to exactly these
    /// variants (an <c>--arms</c> in <c>Trainer:Args</c> comes last and wins).
    /// </summary>
    public static string[] TrainerArgs(this IDistributedApplicationBuilder builder, IEnumerable<Arm> arms) =>
    [
        "--arms",
        string.Join(',', arms.Select(arm => $"{arm.Alias}={arm.Resource}")),
        .. (builder.Configuration["Trainer:Args"] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    ];

    private static string? BuiltDll(string projectPath)
    {
        var configuration = typeof(BanditProjectExtensions).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var folder = Path.GetDirectoryName(projectPath)!;
        var dll = Path.Combine(folder, "bin", configuration, "net10.0", Path.GetFileNameWithoutExtension(projectPath) + ".dll");
        return File.Exists(dll) ? dll : null;
    }
}
