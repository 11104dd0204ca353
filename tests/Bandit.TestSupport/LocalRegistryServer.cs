using Bandit.Registry.Extensions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bandit.TestSupport;

/// <summary>
/// The registry's own Program.cs hosted in this process (<see cref="WebApplicationFactory{TEntryPoint}"/> on Kestrel at
/// 127.0.0.1), for tests and benchmarks that want an MLflow server without starting one. Port 0 picks a free port at
/// the first start; <see cref="RestartAsync"/> keeps the port and the data folder, so clients and their base addresses
/// survive a restart.
/// </summary>
public sealed class LocalRegistryServer : IAsyncDisposable
{
    private readonly bool _ownsDataDir;
    private readonly Action<IWebHostBuilder>? _configure;
    private Host? _host;

    /// <param name="dataDir">The data folder (SQLite file and artifacts); null = a new temporary folder, deleted on dispose.</param>
    /// <param name="port">The loopback port; 0 = any free port.</param>
    /// <param name="configure">Extra configuration of the host (settings, logging) before it starts.</param>
    public LocalRegistryServer(string? dataDir = null, int port = 0, Action<IWebHostBuilder>? configure = null)
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

    public bool IsRunning => _host is not null;

    /// <summary>Starts the registry and returns once it listens.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_host is not null)
        {
            return Task.CompletedTask;
        }

        var host = new Host(this);
        host.StartServer();
        Port = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        _host = host;
        return Task.CompletedTask;
    }

    /// <summary>Stops the registry (gracefully: in-flight requests finish) and releases the database.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_host is null)
        {
            return;
        }

        var host = _host;
        _host = null;
        await host.DisposeAsync();
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

    /// <summary>One run of the registry's Program.cs, configured as the environment would configure it.</summary>
    private sealed class Host(LocalRegistryServer server) : KestrelFactory<RegistryOptions>(server.Port)
    {
        private readonly LocalRegistryServer _server = server;

        protected override void Configure(IWebHostBuilder builder)
        {
            builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{RegistryOptions.SectionName}:{nameof(RegistryOptions.DataDir)}"] = _server.DataDir,
                ["Logging:LogLevel:Default"] = "Warning",
            }));
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)); // in-process: keep the host's console quiet
            _server._configure?.Invoke(builder);
        }
    }
}
