using Bandit.Router.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bandit.TestSupport;

/// <summary>
/// The Router's own Program.cs hosted in this process (<see cref="WebApplicationFactory{TEntryPoint}"/> on real Kestrel at
/// 127.0.0.1), for tests and benchmarks that need one or several real Router instances. The settings are
/// configuration keys as the environment would give them (<c>ConnectionStrings:redis</c>, <c>services:variant-a:http:0</c>,
/// <c>Router:AdminKey</c>, ...); they win over appsettings.json and the environment variables.
/// </summary>
public sealed class LocalRouterServer : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IWebHostBuilder>? _configure;
    private readonly int _port;
    private Host? _host;

    /// <param name="settings">Configuration keys and values, as the environment would give them (a null value arrives as "").</param>
    /// <param name="configure">Extra configuration of the host (logging providers, services) before it starts.</param>
    /// <param name="port">The loopback port; 0 = any free port.</param>
    public LocalRouterServer(IReadOnlyDictionary<string, string?> settings, Action<IWebHostBuilder>? configure = null, int port = 0)
    {
        _settings = settings;
        _configure = configure;
        _port = port;
    }

    /// <summary>The address clients call, e.g. <c>http://127.0.0.1:41234/</c> (known once started).</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("the router is not started.");

    /// <summary>Starts the Router and returns once it listens.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_host is not null)
        {
            return;
        }

        var host = new Host(this);
        try
        {
            // StartServer blocks until Program.cs has started the app: off the caller's thread (and its sync context).
            await Task.Run(host.StartServer, cancellationToken);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        BaseAddress = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        _host = host;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is { } host)
        {
            _host = null;
            await host.DisposeAsync();
        }
    }

    /// <summary>One run of the Router's Program.cs, configured as the environment would configure it.</summary>
    private sealed class Host(LocalRouterServer server) : KestrelFactory<RouterOptions>(server._port)
    {
        private readonly LocalRouterServer _server = server;

        protected override void Configure(IWebHostBuilder builder)
        {
            // Settings, not app configuration: the factory hands settings to Program.cs as command-line arguments, which
            // builder.Configuration holds before AddApplicationServices reads it (the Redis connection string, the tracking
            // URI decide which services exist); ConfigureAppConfiguration would only apply at Build(), too late for those.
            foreach (var (key, value) in _server._settings)
            {
                builder.UseSetting(key, value);
            }

            // Warnings only, whatever appsettings.json the content root happens to hold.
            builder.ConfigureLogging(logging => logging.AddFilter((string?)null, LogLevel.Warning));
            _server._configure?.Invoke(builder);
        }
    }
}
