using Aspire.Hosting.ApplicationModel;
using Bandit.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>
/// The <c>redis</c> resource in the form <see cref="InfrastructureChoice"/> picked. Each form is handed out as
/// <see cref="IResourceWithConnectionString"/>, so <c>WithReference(redis)</c> gives every service
/// <c>ConnectionStrings:redis</c> the same way; <see langword="null"/> means no Redis (the Router keeps its state in memory).
/// </summary>
internal static class RedisResources
{
    public const string Name = ResourceNames.Redis;

    public static IResourceBuilder<IResourceWithConnectionString>? AddBanditRedis(this IDistributedApplicationBuilder builder, RedisForm form) => form switch
    {
        RedisForm.Container => builder.AddRedis(Name).WithDataVolume(),
        RedisForm.Executable => builder.AddRedisServer(Name),
        _ => null,
    };

    /// <summary>
    /// <c>redis-server</c> from PATH as an executable resource on a loopback port picked at start-up (not proxied:
    /// every bandit update is a Redis round trip), with append-only persistence in
    /// <c>&lt;Infrastructure:DataDir&gt;/redis</c>, so the experiment survives a restart of the resource or the AppHost.
    /// </summary>
    public static IResourceBuilder<RedisServerResource> AddRedisServer(this IDistributedApplicationBuilder builder, string name)
    {
        var dir = builder.DataPath("redis");
        Directory.CreateDirectory(dir);
        var port = FreePort.Next();
        var resource = new RedisServerResource(name, dir);
        var healthCheckKey = name + "-ping";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new RedisPingHealthCheck("127.0.0.1", port), failureStatus: null, tags: null));

        return builder.AddResource(resource)
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: RedisServerResource.PrimaryEndpointName, isProxied: false)
            .WithArgs(
                "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--bind", "127.0.0.1",
                "--dir", dir,
                "--save", "",
                "--appendonly", "yes")
            .WithHealthCheck(healthCheckKey)
            .WithIconName("Database");
    }
}

/// <summary><c>redis-server</c> run by Aspire as an executable; its connection string is <c>host:port</c>.</summary>
internal sealed class RedisServerResource(string name, string workingDirectory)
    : ExecutableResource(name, "redis-server", workingDirectory), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";

    private EndpointReference? _primaryEndpoint;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");
}
