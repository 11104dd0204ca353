using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The server (Kestrel) with its start failures that are a user's mistake turned into <see cref="ListenFailureException"/>,
/// naming the address. Everything else passes through untouched; the container owns (and disposes) the inner server.
/// </summary>
internal sealed class ListenFailureServer(IServer inner, IConfiguration configuration) : IServer
{
    public IFeatureCollection Features => inner.Features;

    public async Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull
    {
        // Kestrel:Endpoints, when set, replace --urls / ASPNETCORE_URLS (which the web host has just copied into the feature).
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>().ToArray();
        var configured = endpoints.Length > 0 ? endpoints : Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
        if (endpoints.Length == 0 && PortSettings.Problem(configuration) is var (setting, problem))
        {
            throw new ListenFailureException(setting, problem, new FormatException($"Invalid {setting}"));
        }

        foreach (var address in configured)
        {
            if (ListenFailure.UnreadablePort(address) is { } reason)
            {
                throw new ListenFailureException(address, reason, new FormatException($"Invalid port in '{address}'"));
            }
        }

        try
        {
            await inner.StartAsync(application, cancellationToken);
        }
        catch (Exception e) when (ListenFailure.Reason(e) is { } reason)
        {
            throw new ListenFailureException(ListenFailure.Address(e, configured), reason, e);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            // The host cancels the start when a stop is asked for: Kestrel's bind then throws TaskCanceledException.
            throw new StopDuringStartException(e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => inner.StopAsync(cancellationToken);

    public void Dispose()
    {
    }
}

internal static class ListenFailureServerRegistration
{
    /// <summary>Wraps the registered server (a type, as UseKestrel registers it) in a <see cref="ListenFailureServer"/>.
    /// Another registration (a test server, a factory) is left as it is.</summary>
    public static void ExplainListenFailures(this IServiceCollection services)
    {
        if (services.LastOrDefault(d => d.ServiceType == typeof(IServer)) is not { IsKeyedService: false, ImplementationType: { } server } descriptor)
        {
            return;
        }

        services.Remove(descriptor);
        services.AddSingleton(server);
        services.AddSingleton<IServer>(sp => new ListenFailureServer((IServer)sp.GetRequiredService(server), sp.GetRequiredService<IConfiguration>()));
    }
}
