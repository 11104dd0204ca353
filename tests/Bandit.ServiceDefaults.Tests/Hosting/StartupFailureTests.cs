using System.Net;
using System.Net.Sockets;
using Bandit.TestSupport;
using Microsoft.Extensions.Hosting;

namespace Bandit.ServiceDefaults.Tests.Hosting;

/// <summary>
/// A service started by hand with a mistake in its addresses or settings: one line on standard error naming what is
/// wrong, no stack trace on either stream, exit code 2 (<see cref="ServiceRunner.BadConfiguration"/>), and soon.
/// The registry's dll is the real service here (the lightest to start); the Router's covers a setting read while mapping.
/// </summary>
public sealed class StartupFailureTests
{
    private const string Registry = "Bandit.Registry.dll";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PortInUse_OneLineNamingTheAddress_ExitsTwo(bool fromEnvironment)
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)holder.LocalEndpoint).Port}";

        var (code, stdout, stderr) = fromEnvironment
            ? await ServiceProcess.RunAsync(Registry, [], new Dictionary<string, string> { ["ASPNETCORE_URLS"] = url })
            : await ServiceProcess.RunAsync(Registry, ["--urls", url]);

        AssertOneLine($"Bandit.Registry: cannot listen on {url}: the address is already in use", code, stdout, stderr);
    }

    [Theory]
    [InlineData("notaurl", "not a URL (expected scheme://host:port, e.g. http://127.0.0.1:8000)")]
    [InlineData("http://127.0.0.1:99999", "the port is out of range (0 to 65535)")]
    [InlineData("http://127.0.0.1:abc", "the port is not a number")] // Kestrel listened on [::]:80
    [InlineData("ftp://127.0.0.1:1", "Unrecognized scheme in server address 'ftp://127.0.0.1:1'. Only 'http://' and 'https://' are supported.")]
    public async Task InvalidUrl_OneLineNamingTheAddress_ExitsTwo(string url, string reason)
    {
        var (code, stdout, stderr) = await ServiceProcess.RunAsync(Registry, ["--urls", url]);

        AssertOneLine($"Bandit.Registry: cannot listen on {url}: {reason}", code, stdout, stderr);
    }

    /// <summary>HTTP_PORTS / HTTPS_PORTS (used when no --urls is given) name the setting, not the <c>http://*:abc</c>
    /// the web host makes of each entry.</summary>
    [Theory]
    [InlineData("ASPNETCORE_HTTP_PORTS", "abc", "HTTP_PORTS 'abc': 'abc' is not a port number (expected ports separated by ';', e.g. 8080;8081)")]
    [InlineData("ASPNETCORE_HTTP_PORTS", "0; 8080 8081", "HTTP_PORTS '0; 8080 8081': '8080 8081' is not a port number (expected ports separated by ';', e.g. 8080;8081)")]
    [InlineData("DOTNET_HTTPS_PORTS", "99999", "HTTPS_PORTS '99999': port 99999 is out of range (0 to 65535)")]
    public async Task InvalidPortSetting_OneLineNamingIt_ExitsTwo(string key, string value, string expected)
    {
        var (code, stdout, stderr) = await ServiceProcess.RunAsync(Registry, [], new Dictionary<string, string> { [key] = value });

        AssertOneLine($"Bandit.Registry: cannot listen on {expected}", code, stdout, stderr);
    }

    [Fact]
    public async Task InvalidPortArgument_OneLineNamingIt_ExitsTwo()
    {
        var (code, stdout, stderr) = await ServiceProcess.RunAsync(Registry, ["--http_ports", "abc"]);

        AssertOneLine("Bandit.Registry: cannot listen on HTTP_PORTS 'abc': 'abc' is not a port number (expected ports separated by ';', e.g. 8080;8081)", code, stdout, stderr);
    }

    /// <summary>Kestrel:Endpoints replace --urls: the address named is the endpoint's, not the ignored --urls one.</summary>
    [Fact]
    public async Task InvalidKestrelEndpoint_OneLineNamingIt_ExitsTwo()
    {
        var (code, stdout, stderr) = await ServiceProcess.RunAsync(
            Registry, ["--urls", "http://127.0.0.1:0"], new Dictionary<string, string> { ["Kestrel__Endpoints__Http__Url"] = "notaurl" });

        AssertOneLine("Bandit.Registry: cannot listen on notaurl: not a URL (expected scheme://host:port, e.g. http://127.0.0.1:8000)", code, stdout, stderr);
    }

    /// <summary>The registry's options are read while the app is built, the Router's while its routes are mapped: both
    /// used to throw before the host started, past any catch around <c>app.Run()</c>.</summary>
    [Theory]
    [InlineData(Registry, "Registry__MaxArtifactBytes", "0",
        "Bandit.Registry: invalid configuration: DataAnnotation validation failed for 'RegistryOptions' members: 'MaxArtifactBytes' with the error: 'The field MaxArtifactBytes must be between 1 and 9.223372036854776E+18.'.")]
    [InlineData("Bandit.Router.dll", "Router__DecisionTtl", "-00:00:01", "Bandit.Router: invalid configuration: Router:DecisionTtl must be > 0.")]
    [InlineData("Bandit.Router.dll", "ConnectionStrings__redis", "bad=conn",
        "Bandit.Router: invalid configuration: ConnectionStrings:redis: not a Redis connection string (Keyword 'bad' is not supported. (Parameter 'bad'))")]
    [InlineData("Bandit.Router.dll", "MLFLOW_TRACKING_URI", "notaurl", "Bandit.Router: invalid configuration: MLFLOW_TRACKING_URI: 'notaurl' is not an http(s) URL")]
    [InlineData(Registry, "Registry__DataDir", "/dev/null",
        "Bandit.Registry: invalid configuration: DataAnnotation validation failed for 'RegistryOptions' members: 'DataDir' with the error: 'Registry:DataDir /dev/null is a file, not a folder'.")]
    [InlineData("Bandit.Router.dll", "Router__DecisionTtl", "abc",
        "Bandit.Router: invalid configuration: Failed to convert configuration value 'abc' at 'Router:DecisionTtl' to type 'System.TimeSpan'.")]
    public async Task InvalidSetting_OneLineNamingIt_ExitsTwo(string dll, string key, string value, string expected)
    {
        var (code, stdout, stderr) = await ServiceProcess.RunAsync(dll, ["--urls", "http://127.0.0.1:0"], new Dictionary<string, string> { [key] = value });

        AssertOneLine(expected, code, stdout, stderr);
    }

    private static void AssertOneLine(string expected, int code, string stdout, string stderr)
    {
        Assert.Equal(expected, Assert.Single(ServiceProcess.Lines(stderr)));
        Assert.Equal(ServiceRunner.BadConfiguration, code);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stdout + stderr, StringComparison.Ordinal);
    }
}
