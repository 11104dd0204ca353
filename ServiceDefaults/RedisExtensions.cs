using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Redis through Aspire's Redis client integration: the connection string comes from
/// <c>ConnectionStrings:&lt;name&gt;</c>, one shared <see cref="IConnectionMultiplexer"/>, a health
/// check, and a failed first connect never aborts the process (it keeps retrying in the background).
/// </summary>
public static class RedisExtensions
{
    /// <summary>
    /// Registers <see cref="IConnectionMultiplexer"/> through Aspire's Redis client integration
    /// (<c>AddRedisClient</c>: Redis spans in traces, logging) when <c>ConnectionStrings:{connectionName}</c> is set.
    /// Returns <see langword="false"/> (and registers nothing) when it is not, so the caller can fall back to in-memory
    /// state. A failed first connect never aborts the process. <paramref name="failureStatus"/> is what the health
    /// check reports while Redis does not answer: <see cref="HealthStatus.Degraded"/> for a service that keeps serving
    /// without it (Aspire's own check would always say Unhealthy, so it is replaced by this one). With
    /// <paramref name="profiledSpans"/> false, Aspire's profiling-based Redis tracing is off and the service opens its
    /// own spans around each command with <see cref="RedisSpans"/> (cheaper on a hot path).
    /// </summary>
    public static bool AddRedisConnection(this IHostApplicationBuilder builder, string connectionName = "redis", HealthStatus failureStatus = HealthStatus.Unhealthy,
        bool profiledSpans = true)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(connectionName)))
        {
            return false;
        }

        // A string StackExchange.Redis cannot parse threw from the first resolution of the connection, trace and all.
        builder.Services.CheckSettingOnStart($"ConnectionStrings:{connectionName}", RedisProblem);
        var applicationName = builder.Environment.ApplicationName;
        builder.AddRedisClient(
            connectionName,
            settings =>
            {
                settings.DisableHealthChecks = true;
                settings.DisableTracing |= !profiledSpans;
            },
            options =>
            {
                options.AbortOnConnectFail = false;
                options.ClientName ??= applicationName;
            });

        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(connectionName, failureStatus, ["ready", connectionName]);
        return true;
    }

    private static string? RedisProblem(string? connectionString)
    {
        try
        {
            ConfigurationOptions.Parse(connectionString ?? "");
            return null;
        }
        catch (ArgumentException e)
        {
            return $"not a Redis connection string ({e.Message})";
        }
    }

    /// <summary>Healthy when a PING gets an answer; the registration's failure status otherwise.</summary>
    private sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (!redis.IsConnected)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, "Redis is not connected");
            }

            try
            {
                var latency = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
                return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:F1} ms");
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, "Redis did not answer PING", e);
            }
        }
    }
}
