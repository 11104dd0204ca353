using System.Net;
using Bandit.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Bandit.ServiceDefaults.Tests;

[Collection(TelemetryCollection.Name)]
public sealed class RedisRegistrationTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task AddRedisConnection_WithConnectionString_RegistersOneMultiplexerAndHealthyCheck()
    {
        bool registered = false;
        await using var service = await TestService.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:redis"] = redis.ConnectionString },
            b => registered = b.AddRedisConnection());

        var first = service.Services.GetRequiredService<IConnectionMultiplexer>();
        var second = service.Services.GetRequiredService<IConnectionMultiplexer>();
        await first.GetDatabase().StringSetAsync("servicedefaults:probe", "1");
        var health = await service.Client.GetAsync(Extensions.HealthEndpointPath);

        Assert.True(registered);
        Assert.Same(first, second);
        Assert.Equal("1", (string?)await second.GetDatabase().StringGetAsync("servicedefaults:probe"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task AddRedisConnection_WithoutConnectionString_RegistersNothing()
    {
        bool registered = true;
        await using var service = await TestService.StartAsync(configure: b => registered = b.AddRedisConnection());

        Assert.False(registered);
        Assert.Null(service.Services.GetService<IConnectionMultiplexer>());
    }

    [Fact]
    public async Task AddRedisConnection_ServerDown_StartsAnywayAndReportsUnhealthyButAlive()
    {
        var deadPort = FreePort.Next();
        await using var service = await TestService.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:redis"] = $"127.0.0.1:{deadPort},connectTimeout=500" },
            b => b.AddRedisConnection());

        var multiplexer = service.Services.GetRequiredService<IConnectionMultiplexer>();
        var health = await service.Client.GetAsync(Extensions.HealthEndpointPath);
        var alive = await service.Client.GetAsync(Extensions.AlivenessEndpointPath);

        Assert.False(multiplexer.IsConnected);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task AddRedisConnection_DegradedFailureStatus_ServerDownIsDegradedAndStill200()
    {
        var deadPort = FreePort.Next();
        await using var service = await TestService.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:redis"] = $"127.0.0.1:{deadPort},connectTimeout=500" },
            b => b.AddRedisConnection(failureStatus: Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded));

        var health = await service.Client.GetAsync(Extensions.HealthEndpointPath);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Degraded", await health.Content.ReadAsStringAsync());
    }
}
