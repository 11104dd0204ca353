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

    [Fact]
    public async Task Metrics_AfterARequest_PrometheusScrapeHasTheServerDurationAndIsNotTraced()
    {
        await using var service = await TestService.StartAsync();

        (await service.Client.GetAsync("/hello")).EnsureSuccessStatusCode();
        await service.WaitForServerSpanAsync("/hello");

        // The exporter caches a scrape briefly; the ASP.NET Core request duration is recorded when the request ends.
        string body = "";
        for (var i = 0; i < 20 && !body.Contains("http_server_request_duration_seconds_count", StringComparison.Ordinal); i++)
        {
            using var response = await service.Client.GetAsync(Extensions.MetricsEndpointPath);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            body = await response.Content.ReadAsStringAsync();
            await Task.Delay(200);
        }

        Assert.Contains("http_server_request_duration_seconds_count", body, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/hello\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain(service.Spans, s => s.DisplayName.Contains("metrics", StringComparison.OrdinalIgnoreCase));
    }
}
