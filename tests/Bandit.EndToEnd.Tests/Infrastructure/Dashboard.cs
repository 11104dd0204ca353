using System.Text.Json;

namespace Bandit.EndToEnd.Tests.Infrastructure;

/// <summary>One span as the Aspire dashboard stored it: the service and instance (replica) it came from, and its ids.</summary>
public sealed record DashboardSpan(string Service, string Instance, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind);

/// <summary>
/// The Aspire dashboard's telemetry API (<c>/api/telemetry/traces/{traceId}</c>, key in <c>x-api-key</c>): the trace a
/// user would open in the dashboard, read back in OTLP JSON.
/// </summary>
public sealed class Dashboard(Uri baseAddress, string apiKey)
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The spans of one trace, or none while the dashboard has not received it.</summary>
    public async Task<IReadOnlyList<DashboardSpan>> TraceAsync(string traceId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/telemetry/traces/{traceId}");
        request.Headers.Add("x-api-key", apiKey);
        using var response = await _http.SendAsync(request);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return [];
        }

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"dashboard /api/telemetry/traces/{traceId}: {(int)response.StatusCode} {body}");
        return Parse(JsonDocument.Parse(body).RootElement);
    }

    /// <summary>Flattens OTLP JSON (<c>resourceSpans[].scopeSpans[].spans[]</c>), naming each span's service.</summary>
    internal static IReadOnlyList<DashboardSpan> Parse(JsonElement root)
    {
        var data = root.TryGetProperty("data", out var d) ? d : root;
        var spans = new List<DashboardSpan>();
        if (!data.TryGetProperty("resourceSpans", out var resourceSpans))
        {
            return spans;
        }

        foreach (var resourceSpan in resourceSpans.EnumerateArray())
        {
            var service = Attribute(resourceSpan, "service.name");
            var instance = Attribute(resourceSpan, "service.instance.id");
            foreach (var scope in resourceSpan.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                {
                    spans.Add(new DashboardSpan(
                        service,
                        instance,
                        span.GetProperty("traceId").GetString() ?? "",
                        span.GetProperty("spanId").GetString() ?? "",
                        span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() ?? "" : "",
                        span.GetProperty("name").GetString() ?? "",
                        span.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.Number ? kind.GetInt32() : 0));
                }
            }
        }

        return spans;
    }

    private static string Attribute(JsonElement resourceSpan, string key)
    {
        if (resourceSpan.TryGetProperty("resource", out var resource) && resource.TryGetProperty("attributes", out var attributes))
        {
            foreach (var attribute in attributes.EnumerateArray())
            {
                if (attribute.GetProperty("key").GetString() == key)
                {
                    return attribute.GetProperty("value").GetProperty("stringValue").GetString() ?? "";
                }
            }
        }

        return "";
    }
}
