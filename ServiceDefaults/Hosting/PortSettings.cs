using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// HTTP_PORTS / HTTPS_PORTS (ASPNETCORE_HTTP_PORTS, --http_ports, ...): when no --urls is set, the web host expands each
/// ';'-separated entry, trimmed, into <c>http://*:{entry}</c> and Kestrel reads the port with int.TryParse. A bad entry was
/// refused naming that made-up URL (<c>http://*:abc</c>), which the user never wrote; this names the setting instead.
/// </summary>
internal static class PortSettings
{
    /// <summary>The first bad entry of either setting, as (setting, reason); null when both are good or --urls wins.</summary>
    public static (string Setting, string Reason)? Problem(IConfiguration configuration)
    {
        if (!string.IsNullOrEmpty(configuration["urls"]))
        {
            return null; // URLS takes precedence: the web host ignores the ports (and logs that it does)
        }

        foreach (var key in new[] { "HTTP_PORTS", "HTTPS_PORTS" })
        {
            var value = configuration[key] ?? "";
            foreach (var entry in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(entry, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port))
                {
                    return ($"{key} '{value}'", $"'{entry}' is not a port number (expected ports separated by ';', e.g. 8080;8081)");
                }

                if (port is < 0 or > 65535)
                {
                    return ($"{key} '{value}'", $"port {entry} is out of range (0 to 65535)");
                }
            }
        }

        return null;
    }
}
