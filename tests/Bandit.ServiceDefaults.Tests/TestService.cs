using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Bandit.ServiceDefaults.Tests;

/// <summary>A minimal service built the way every Bandit service is: AddServiceDefaults + MapDefaultEndpoints.</summary>
internal sealed class TestService : IAsyncDisposable
{
    public const string SourceName = "Bandit.Tests";

    private static readonly ActivitySource Source = new(SourceName);

    private readonly WebApplication _app;

    private readonly SpanCollector _spans;

    private TestService(WebApplication app, SpanCollector spans)
    {
        _app = app;
        _spans = spans;
    }

    /// <summary>A snapshot of the spans exported so far (the exporter runs on the threads that end activities).</summary>
    public IReadOnlyList<Activity> Spans => _spans.Snapshot();

    public HttpClient Client => _app.GetTestClient();

    public IServiceProvider Services => _app.Services;

    public static async Task<TestService> StartAsync(IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.Configuration[key] = value;
        }

        var spans = new SpanCollector();
        builder.AddServiceDefaults();
        configure?.Invoke(builder);
        builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(new SimpleActivityExportProcessor(spans)));

        var app = builder.Build();
        app.MapGet("/hello", () =>
        {
            using var activity = Source.StartActivity("say-hello");
            return "hello";
        });
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return new TestService(app, spans);
    }

    /// <summary>
    /// Waits until the server span of <paramref name="path"/> has been exported: the server ends it just
    /// after the response reaches the test client, so it can arrive a moment later.
    /// </summary>
    public async Task WaitForServerSpanAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!Spans.Any(s => s.Kind == ActivityKind.Server && s.DisplayName.EndsWith(path, StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            _app.Services.GetRequiredService<TracerProvider>().ForceFlush();
            await Task.Delay(20);
        }
    }

    /// <summary>Collects exported spans; safe to read while activities end on other threads.</summary>
    private sealed class SpanCollector : BaseExporter<Activity>
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<Activity> _spans = new();

        public IReadOnlyList<Activity> Snapshot() => _spans.ToArray();

        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var activity in batch)
            {
                _spans.Enqueue(activity);
            }

            return ExportResult.Success;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
