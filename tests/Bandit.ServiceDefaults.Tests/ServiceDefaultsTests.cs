using System.Net;
using Microsoft.Extensions.Hosting;

namespace Bandit.ServiceDefaults.Tests;

[Collection(TelemetryCollection.Name)]
public sealed class ServiceDefaultsTests
{
    [Fact]
    public async Task HealthAndAlive_DefaultService_AnswerHealthy()
    {
        await using var service = await TestService.StartAsync();

        var health = await service.Client.GetAsync(Extensions.HealthEndpointPath);
        var alive = await service.Client.GetAsync(Extensions.AlivenessEndpointPath);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Request_ToAnEndpoint_EmitsServerSpanAndOwnSpanInOneTrace()
    {
        await using var service = await TestService.StartAsync();

        var response = await service.Client.GetAsync("/hello");
        await service.WaitForServerSpanAsync("/hello");

        response.EnsureSuccessStatusCode();
        var server = Assert.Single(service.Spans, s => s.Kind == System.Diagnostics.ActivityKind.Server && s.DisplayName.Contains("/hello", StringComparison.Ordinal));
        var own = Assert.Single(service.Spans, s => s.Source.Name == TestService.SourceName);
        Assert.Equal(server.TraceId, own.TraceId);
        Assert.Equal(server.SpanId, own.ParentSpanId);
    }

    [Fact]
    public async Task HealthProbe_IsNotTraced()
    {
        await using var service = await TestService.StartAsync();

        await service.Client.GetAsync(Extensions.HealthEndpointPath);
        await service.Client.GetAsync(Extensions.AlivenessEndpointPath);
        await service.Client.GetAsync("/hello");
        await service.WaitForServerSpanAsync("/hello");

        Assert.DoesNotContain(service.Spans, s => s.DisplayName.Contains("health", StringComparison.OrdinalIgnoreCase) || s.DisplayName.Contains("alive", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(service.Spans, s => s.DisplayName.Contains("/hello", StringComparison.Ordinal));
    }
}
