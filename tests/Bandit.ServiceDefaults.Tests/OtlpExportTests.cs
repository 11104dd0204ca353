using Bandit.TestSupport;

namespace Bandit.ServiceDefaults.Tests;

[Collection(TelemetryCollection.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task OtlpEndpointSet_Request_ExportsSpansWithServiceName()
    {
        using var collector = new OtlpCollector();
        await using var service = await TestService.StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "otlp-probe",
        });

        (await service.Client.GetAsync("/hello")).EnsureSuccessStatusCode();
        await service.WaitForServerSpanAsync("/hello");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (collector.Spans.Count(s => s.Service == "otlp-probe") < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var spans = collector.Spans.Where(s => s.Service == "otlp-probe").ToList();
        var own = Assert.Single(spans, s => s.Name == "say-hello");
        var server = Assert.Single(spans, s => s.Kind == 2); // SPAN_KIND_SERVER
        Assert.Equal(server.TraceId, own.TraceId);
        Assert.Equal(server.SpanId, own.ParentSpanId);
        Assert.Equal(32, own.TraceId.Length);
    }

    [Fact]
    public async Task OtlpEndpointUnset_Request_ExportsNothing()
    {
        using var collector = new OtlpCollector();
        await using var service = await TestService.StartAsync();

        (await service.Client.GetAsync("/hello")).EnsureSuccessStatusCode();
        await service.WaitForServerSpanAsync("/hello");
        await Task.Delay(500);

        Assert.Empty(collector.Spans);
        Assert.NotEmpty(service.Spans);
    }
}
