using System.Globalization;
using System.Net;
using Bandit.Ui.Extensions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Bandit.Ui.Tests.Support;

/// <summary>
/// The real Ui (its Program.cs) configured only through its settings, as the AppHost does:
/// <c>services:router:http:0</c>, <c>MLFLOW_TRACKING_URI</c>, <c>Ui:*</c> (no admin key: an operator signs in). In the Development
/// environment on purpose: the developer exception page is on there, and the Ui must still never show it.
/// With <paramref name="kestrel"/> it listens on a real loopback port for the browser.
/// </summary>
public sealed class UiApplication : WebApplicationFactory<UiOptions>
{
    private readonly Dictionary<string, string?> _settings;

    public UiApplication(Uri routerUrl, Uri trackingUri, string modelName = "movielens_ctr_ab",
        string routerModelName = "movielens_ctr_router", bool kestrel = false, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>
        {
            ["services:router:http:0"] = routerUrl.ToString().TrimEnd('/'),
            ["MLFLOW_TRACKING_URI"] = trackingUri.ToString(),
            ["Ui:ModelName"] = modelName,
            ["Ui:RouterModelName"] = routerModelName,
            ["Ui:PageRefreshInterval"] = TimeSpan.FromSeconds(1).ToString("c", CultureInfo.InvariantCulture),
            ["Ui:RouterTimeout"] = TimeSpan.FromSeconds(5).ToString("c", CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        if (kestrel)
        {
            UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        }
    }

    /// <summary>The address of the Kestrel server (after <c>StartServer()</c>).</summary>
    public Uri ServerAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    /// <summary>A client that does not follow redirects, to see the POST-redirect-GET.</summary>
    public HttpClient CreateNonRedirectingClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A client signed in as an operator with <paramref name="key"/> (the sign-in must succeed).</summary>
    public async Task<HttpClient> CreateSignedInClientAsync(string key = FakeRouter.AdminKey)
    {
        var client = CreateClient();
        using var response = await Forms.SignInAsync(client, key);
        Assert.Equal("/models", response.RequestMessage?.RequestUri?.AbsolutePath);
        return client;
    }
}
