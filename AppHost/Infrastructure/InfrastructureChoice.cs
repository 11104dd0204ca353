using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

/// <summary>The forms Redis can take: the Redis container, <c>redis-server</c> from PATH, or none (in-memory state).</summary>
internal enum RedisForm { Container, Executable, None }

/// <summary>The forms the <c>mlflow</c> resource can take: the official image, an <c>mlflow</c> command on PATH, or the bundled Registry.</summary>
internal enum MlflowForm { Container, Cli, Bundled }

/// <summary>
/// Which form each infrastructure resource takes, decided once at start-up from <c>Infrastructure:Redis</c>
/// (<c>auto</c>, <c>container</c>, <c>executable</c>, <c>none</c>) and <c>Infrastructure:Mlflow</c> (<c>auto</c>,
/// <c>container</c>, <c>cli</c>, <c>bundled</c>). <c>auto</c> asks the container engine whether it answers (a
/// <c>docker</c> CLI without a daemon is common), then looks on PATH. Publishing always describes the containers.
/// </summary>
internal sealed record InfrastructureChoice(RedisForm Redis, MlflowForm Mlflow, string Reason)
{
    public const string RedisKey = "Infrastructure:Redis";
    public const string MlflowKey = "Infrastructure:Mlflow";

    public static InfrastructureChoice Read(IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return new(RedisForm.Container, MlflowForm.Container, "publish mode describes the container forms");
        }

        var redisSetting = Setting(builder.Configuration, RedisKey, "auto", "container", "executable", "none");
        var mlflowSetting = Setting(builder.Configuration, MlflowKey, "auto", "container", "cli", "bundled");
        var engine = redisSetting == "auto" || mlflowSetting == "auto" ? ContainerEngine.Probe() : null;

        var redis = redisSetting switch
        {
            "container" => RedisForm.Container,
            "executable" => RedisForm.Executable,
            "none" => RedisForm.None,
            _ when engine?.Answers == true => RedisForm.Container,
            _ when ExecutableOnPath.Find("redis-server") is not null => RedisForm.Executable,
            _ => RedisForm.None,
        };
        var mlflow = mlflowSetting switch
        {
            "container" => MlflowForm.Container,
            "cli" => MlflowForm.Cli,
            "bundled" => MlflowForm.Bundled,
            _ when engine?.Answers == true => MlflowForm.Container,
            _ when ExecutableOnPath.Find("mlflow") is not null => MlflowForm.Cli,
            _ => MlflowForm.Bundled,
        };

        return new(redis, mlflow, engine?.Description ?? "set by configuration");
    }

    /// <summary>
    /// Says what was picked and why: on the console at start-up, and on the dashboard as the environment variable
    /// <c>BANDIT_INFRASTRUCTURE</c> of every resource that uses it (resource details).
    /// </summary>
    public void Announce(IDistributedApplicationBuilder builder)
    {
        Console.WriteLine($"Bandit.Aspire infrastructure: {this}");
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            foreach (var project in @event.Model.Resources.OfType<ProjectResource>())
            {
                project.Annotations.Add(new EnvironmentCallbackAnnotation(context => context.EnvironmentVariables["BANDIT_INFRASTRUCTURE"] = ToString()));
            }

            return Task.CompletedTask;
        });
    }

    public override string ToString() =>
        $"redis={Redis.ToString().ToLowerInvariant()}, mlflow={Mlflow.ToString().ToLowerInvariant()} ({Reason}; override with {RedisKey} and {MlflowKey})";

    private static string Setting(IConfiguration configuration, string key, params string[] allowed)
    {
        var value = (configuration[key] ?? allowed[0]).Trim().ToLowerInvariant();
        return allowed.Contains(value)
            ? value
            : throw new DistributedApplicationException($"{key} is '{configuration[key]}'; use one of: {string.Join(", ", allowed)}.");
    }
}
