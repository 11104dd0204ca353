using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Which of the server's start failures are a user's mistake in the addresses (<c>--urls</c>, <c>ASPNETCORE_URLS</c>), and
/// the words for them. Only failures of the server's own start are asked about, so these types mean the listen setup.
/// </summary>
internal static partial class ListenFailure
{
    /// <summary>Kestrel's address when none is configured.</summary>
    private const string DefaultAddress = "http://localhost:5000";

    /// <summary>Why the server could not listen, in a user's words; null when it is not a known user mistake.</summary>
    public static string? Reason(Exception e)
    {
        foreach (var x in Chain(e))
        {
            switch (x)
            {
                case AddressInUseException:
                case SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }:
                    return "the address is already in use";
                case SocketException { SocketErrorCode: SocketError.AccessDenied }:
                    return "permission denied (ports below 1024 need privileges)";
                case SocketException { SocketErrorCode: SocketError.AddressNotAvailable }:
                    return "the address is not one of this machine's";
            }
        }

        return e switch
        {
            // BindingAddress.Parse: "Invalid url: 'notaurl'".
            FormatException => "not a URL (expected scheme://host:port, e.g. http://127.0.0.1:8000)",
            ArgumentOutOfRangeException { ParamName: "port" } => "the port is out of range (0 to 65535)",

            // Kestrel's own refusals of an address: an unknown scheme, a path, https without a certificate.
            InvalidOperationException when e.Source == "Microsoft.AspNetCore.Server.Kestrel.Core" => OneLine(e.Message),
            _ => null,
        };
    }

    /// <summary>
    /// A port that is not a number, which Kestrel does not refuse: it reads <c>http://127.0.0.1:abc</c> as the host
    /// <c>127.0.0.1:abc</c> on port 80, and a host it cannot resolve as every interface — listening where nobody asked.
    /// </summary>
    public static string? UnreadablePort(string address)
    {
        try
        {
            var host = BindingAddress.Parse(address).Host;
            return host[(host.LastIndexOf(']') + 1)..].Contains(':') ? "the port is not a number" : null;
        }
        catch (FormatException)
        {
            return null; // not a URL at all: Kestrel refuses it itself (Reason)
        }
    }

    /// <summary>The configured address the failure names; else the only one configured; else all of them.</summary>
    public static string Address(Exception e, IReadOnlyList<string> configured)
    {
        if (configured.Count == 0)
        {
            return DefaultAddress;
        }

        var messages = Chain(e).Select(x => x.Message).ToList();
        return configured.FirstOrDefault(a => messages.Any(m => m.Contains(a, StringComparison.Ordinal)))
            ?? string.Join(", ", configured);
    }

    public static string OneLine(string text) => WhiteSpace().Replace(text, " ").Trim();

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
