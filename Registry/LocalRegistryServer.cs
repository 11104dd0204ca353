using Bandit.Registry.Extensions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Bandit.Registry;

/// <summary>
/// The local registry hosted in this process on 127.0.0.1 — for tests and benchmarks that want an
/// MLflow server without starting one. It is the same app as Program.cs (same services, routes and
/// ServiceDefaults), talking real HTTP. Port 0 picks a free port at the first start; <see cref="RestartAsync"/>
/// keeps the port and the data folder, so clients and their base addresses survive a restart.
/// </summary>
public sealed class LocalRegistryServer : IAsyncDisposable
{
    private readonly bool _ownsDataDir;
    private readonly Action<WebApplicationBuilder>? _configure;
    private WebApplication? _app;

    /// <param name="dataDir">The data folder (SQLite file and artifacts); null = a new temporary folder, deleted on dispose.</param>
    /// <param name="port">The loopback port; 0 = any free port.</param>
    /// <param name="configure">Extra configuration of the builder (settings, logging) before the app is built.</param>
    public LocalRegistryServer(string? dataDir = null, int port = 0, Action<WebApplicationBuilder>? configure = null)
    {
        _ownsDataDir = dataDir is null;
        DataDir = Path.GetFullPath(dataDir ?? Path.Combine(Path.GetTempPath(), "bandit-registry-" + Guid.NewGuid().ToString("N")));
        Port = port;
        _configure = configure;
    }

    public string DataDir { get; }

    /// <summary>The port it listens on (known once started).</summary>
    public int Port { get; private set; }

    /// <summary>What clients use as <c>MLFLOW_TRACKING_URI</c>.</summary>
    public Uri TrackingUri => new($"http://127.0.0.1:{Port}/");

    public bool IsRunning => _app is not null;

    /// <summary>Starts the registry and returns once it listens.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null)
        {
            return;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(LocalRegistryServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{RegistryOptions.SectionName}:{nameof(RegistryOptions.DataDir)}"] = DataDir,
            ["Logging:LogLevel:Default"] = "Warning", // in-process: keep the host's console quiet
        });
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.AddServiceDefaults();
        builder.AddApplicationServices();
        _configure?.Invoke(builder);

        var app = builder.Build();
        app.MapRegistryApis();
        app.MapDefaultEndpoints();
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
        _app = app;
    }

    /// <summary>Stops the registry (gracefully: in-flight requests finish) and releases the database.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_app is null)
        {
            return;
        }

        var app = _app;
        _app = null;
        await app.StopAsync(cancellationToken);
        await app.DisposeAsync();
    }

    /// <summary>Stops and starts again on the same port and data folder.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync(cancellationToken);
        await StartAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsDataDir && Directory.Exists(DataDir))
        {
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a late reader: the OS temp cleaner takes it.
            }
        }
    }
}
