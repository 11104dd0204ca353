using System.Net.Sockets;

namespace Bandit.TestSupport;

/// <summary>
/// A real <see cref="HttpClient"/> (SocketsHttpHandler, one connection at a time) that counts the TCP connections it
/// opens: a test can tell a refusal that kept the connection alive from one that closed it under the client.
/// </summary>
public sealed class CountingHttpClient : IDisposable
{
    private int _connections;

    public CountingHttpClient(Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref _connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        Http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    /// <summary>TCP connections opened so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public void Dispose() => Http.Dispose();
}
