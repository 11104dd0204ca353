using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace Bandit.ServiceDefaults.Tests;

/// <summary>A minimal service built the way every Bandit service is: AddServiceDefaults + MapDefaultEndpoints.</summary>
internal sealed class TestService : IAsyncDisposable
{
    public const string SourceName = "Bandit.Tests";

    private static readonly ActivitySource Source = new(SourceName);

    private readonly WebApplication _app;

    private TestService(WebApplication app, List<Activity> spans)
    {
        _app = app;
        Spans = spans;
    }

    public List<Activity> Spans { get; }

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

        var spans = new List<Activity>();
        builder.AddServiceDefaults();
        configure?.Invoke(builder);
        builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));

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

    /// <summary>Flushes the tracer so every finished span has reached <see cref="Spans"/>.</summary>
    public void FlushTraces() => _app.Services.GetRequiredService<TracerProvider>().ForceFlush();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
