using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bandit.TestSupport;

/// <summary>
/// A small stand-in service (a stub variant, a fake Router, a webhook receiver) on real HTTP at 127.0.0.1: a slim
/// ASP.NET Core app with the routes a test maps, logging warnings and above only, so the stand-in's own chatter stays out
/// of the test output.
/// </summary>
public static class LoopbackApp
{
    /// <summary>
    /// Builds the app, lets <paramref name="map"/> add its routes and starts it on <paramref name="port"/> (0: one the OS
    /// picks). <see cref="LogLevel.None"/> removes the log providers altogether: a benchmark's stand-in costs no logging.
    /// </summary>
    public static async Task<WebApplication> StartAsync(Action<WebApplication> map, int port = 0, LogLevel logLevel = LogLevel.Warning, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        if (logLevel == LogLevel.None)
        {
            builder.Logging.ClearProviders();
        }
        else
        {
            builder.Logging.SetMinimumLevel(logLevel);
        }

        var app = builder.Build();
        map(app);
        await app.StartAsync(cancellationToken);
        return app;
    }

    /// <summary>Where a started app listens, as <c>http://127.0.0.1:PORT</c> (no trailing slash).</summary>
    public static string Address(this WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
