using System.Net;
using System.Net.Sockets;

namespace Aspire.Hosting;

/// <summary>
/// Where the local forms keep state that survives restarts: <c>Infrastructure:DataDir</c>, by default <c>.run/</c> at the
/// repository root (git ignores it; delete it to start over).
/// </summary>
internal static class DataPaths
{
    public const string DataDirKey = "Infrastructure:DataDir";

    public static string DataPath(this IDistributedApplicationBuilder builder, string name)
    {
        var root = builder.Configuration[DataDirKey] is { Length: > 0 } configured
            ? configured
            : Path.Combine(builder.AppHostDirectory, "..", ".run");
        return Path.GetFullPath(Path.Combine(root, name));
    }
}

/// <summary>A loopback port nobody listens on now, for resources that are not proxied.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
