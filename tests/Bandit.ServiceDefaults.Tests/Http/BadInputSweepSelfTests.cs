using Bandit.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bandit.ServiceDefaults.Tests.Http;

/// <summary>
/// The bad-input sweep can fail: against a stand-in whose document lists one well-behaved route and one route for each
/// way of breaking the rule, it reports every breaking route and nothing on the good one. (A sweep that finds nothing
/// on a service means something only because of this.)
/// </summary>
public sealed class BadInputSweepSelfTests
{
    private const string Document = """
        {"openapi": "3.1.1", "paths": {
          "/good": {"post": {"responses": {"200": {}, "415": {}}}},
          "/crash": {"post": {"responses": {"200": {}, "415": {}}}},
          "/plain": {"post": {"responses": {"200": {}, "415": {}}}},
          "/leaky": {"get": {"parameters": [{"name": "id", "in": "query", "schema": {"type": "string"}}], "responses": {"200": {}}}},
          "/counts": {"post": {"requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"n": {"type": "integer"}}}}}}, "responses": {"200": {}}}},
          "/admin/open": {"get": {"responses": {"200": {}}}}
        }}
        """;

    [Fact]
    public async Task StandInBreakingTheRule_EachBreakingRouteIsReported_TheGoodOneIsNot()
    {
        var counter = 0;
        await using var app = await LoopbackApp.StartAsync(a =>
        {
            a.MapGet("/openapi/v1.json", () => Results.Text(Document, "application/json"));
            a.MapPost("/good", () => Results.Problem("no", statusCode: 400));
            a.MapPost("/crash", () => Results.Problem("boom", statusCode: 500));
            a.MapPost("/plain", () => Results.Text("bad request", statusCode: 400));
            a.MapGet("/leaky", (string? id) => id == "abc" ? Results.Problem("   at Bandit.Thing.Method(String id)", statusCode: 400) : Results.Ok());
            a.MapPost("/counts", () =>
            {
                counter++; // a refusal that still changes state
                return Results.Problem("no", statusCode: 400);
            });
            a.MapGet("/admin/open", () => Results.Ok()); // no credential needed: should be a 401
        });
        using var http = new HttpClient { BaseAddress = new Uri(app.Address()) };

        var report = await BadInputSweep.RunAsync(new BadInputSweepOptions
        {
            Http = http,
            MaxBodyBytes = 1024,
            NeedsAuth = path => path.StartsWith("/admin/", StringComparison.Ordinal),
            Samples = new Dictionary<(string, string), RouteSample> { [("POST", "/good")] = new(Body: "{}"), [("POST", "/crash")] = new(Body: "{}"), [("POST", "/plain")] = new(Body: "{}") },
            SnapshotAsync = () => Task.FromResult(counter.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        });

        Assert.Equal(6, report.Operations.Count);
        Assert.DoesNotContain(report.Violations, v => v.StartsWith("POST /good ", StringComparison.Ordinal));
        Assert.Contains(report.Violations, v => v.StartsWith("POST /crash ", StringComparison.Ordinal) && v.Contains("500 (a server error", StringComparison.Ordinal));
        Assert.Contains(report.Violations, v => v.StartsWith("POST /plain ", StringComparison.Ordinal) && v.Contains("not a JSON error body", StringComparison.Ordinal));
        Assert.Contains(report.Violations, v => v.StartsWith("GET /leaky?id=abc ", StringComparison.Ordinal) && v.Contains("stack trace", StringComparison.Ordinal));
        Assert.Contains(report.Violations, v => v.StartsWith("POST /counts ", StringComparison.Ordinal) && v.Contains("the state changed", StringComparison.Ordinal));
        Assert.Contains(report.Violations, v => v.StartsWith("POST /counts ", StringComparison.Ordinal) && v.Contains("[field n=word]", StringComparison.Ordinal));
        Assert.Contains(report.Violations, v => v.StartsWith("GET /admin/open ", StringComparison.Ordinal) && v.Contains("not 401", StringComparison.Ordinal));
    }
}
