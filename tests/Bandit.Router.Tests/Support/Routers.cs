using Bandit.TestSupport;

namespace Bandit.Router.Tests.Support;

/// <summary>A started Router instance with a client; disposing stops it.</summary>
public sealed class RunningRouter(LocalRouterServer server, RouterClient client) : IAsyncDisposable
{
    public LocalRouterServer Server { get; } = server;

    public RouterClient Client { get; } = client;

    public static async Task<RunningRouter> StartAsync(RouterSettings settings)
    {
        var server = new LocalRouterServer(settings.Values);
        await server.StartAsync();
        return new RunningRouter(server, new RouterClient(server.BaseAddress));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
