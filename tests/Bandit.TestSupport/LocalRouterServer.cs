using Bandit.Router.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Bandit.TestSupport;

/// <summary>
/// The Router hosted in this process on 127.0.0.1 — for tests and benchmarks that need one or several real
/// Router instances. It is the same app as Program.cs (same services, routes and ServiceDefaults) on real HTTP;
/// <paramref name="settings"/> are configuration keys as the environment would give them
/// (<c>ConnectionStrings:redis</c>, <c>services:variant-a:http:0</c>, <c>Router:AdminKey</c>, ...).
/// </summary>
public sealed class LocalRouterServer(IReadOnlyDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null) : IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The address clients call, e.g. <c>http://127.0.0.1:41234/</c> (known once started).</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("the router is not started.");

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null)
        {
            return;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(LocalRouterServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // Warnings only, whatever appsettings.json the host's content root happens to hold.
        builder.Logging.AddFilter((string?)null, LogLevel.Warning);
        builder.AddServiceDefaults();
        builder.AddApplicationServices();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapRouterApis();
        app.MapDefaultEndpoints();
        await app.StartAsync(cancellationToken);
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        _app = app;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
