using System.Net;
using System.Net.Sockets;

namespace Bandit.TestSupport;

/// <summary>Hands out free TCP ports on the loopback interface.</summary>
public static class FreePort
{
    /// <summary>Asks the OS for a free loopback port. The port is released before it is returned,
    /// so a caller binds it straight away.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
