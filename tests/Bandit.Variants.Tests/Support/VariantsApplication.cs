using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Bandit.Mlflow.Watching;
using Bandit.Variants.Extensions;
using Bandit.Variants.Model;
using Bandit.Variants.Serving;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bandit.Variants.Tests.Support;

/// <summary>
/// The real Variants service (its Program.cs) on Kestrel at 127.0.0.1 with a free port, configured only through
/// its settings, as the AppHost does: <c>MLFLOW_TRACKING_URI</c> and <c>Variant:*</c>.
/// </summary>
public sealed class VariantsApplication : WebApplicationFactory<VariantOptions>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly CapturingLoggerProvider? _logs;
    private HttpClient? _http;

    /// <param name="logs">When set, receives every log entry of the service at every level (Trace up).</param>
    public VariantsApplication(Uri trackingUri, string modelName, string alias = "PolicyA", TimeSpan? pollInterval = null,
        string? webhookSecret = null, TimeSpan? maxBackoff = null, CapturingLoggerProvider? logs = null)
    {
        _logs = logs;
        _settings = new Dictionary<string, string?>
        {
            ["MLFLOW_TRACKING_URI"] = trackingUri.ToString(),
            ["Variant:Alias"] = alias,
            ["Variant:ModelName"] = modelName,
            ["Variant:PollInterval"] = (pollInterval ?? TimeSpan.FromMilliseconds(200)).ToString("c", CultureInfo.InvariantCulture),
            ["Variant:MaxBackoff"] = (maxBackoff ?? TimeSpan.FromSeconds(1)).ToString("c", CultureInfo.InvariantCulture),
            ["Variant:WebhookSecret"] = webhookSecret,
        };
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>A client of the running service (starts it on first use).</summary>
    public HttpClient Http
    {
        get
        {
            if (_http is null)
            {
                StartServer();
                _http = CreateClient();
            }

            return _http;
        }
    }

    public ModelHolder Holder => Services.GetRequiredService<ModelHolder>();

    public AliasWatcher Watcher => Services.GetRequiredService<AliasWatcher>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging =>
        {
            if (_logs is null)
            {
                logging.SetMinimumLevel(LogLevel.Warning);
                return;
            }

            // A rule for this provider wins over every category rule of appsettings: it sees everything.
            logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
            logging.AddProvider(_logs);
        });
    }

    public async Task<ModelInfo> GetModelAsync()
    {
        var info = await Http.GetFromJsonAsync<ModelInfo>("/model");
        return info ?? throw new InvalidOperationException("GET /model answered null");
    }

    /// <summary>Polls <c>GET /model</c> until it reports <paramref name="version"/>; throws after <paramref name="timeout"/>.</summary>
    public async Task<ModelInfo> WaitForVersionAsync(string version, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        ModelInfo info;
        do
        {
            info = await GetModelAsync();
            if (info.ModelVersion == version)
            {
                return info;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"/model still reports version {info.ModelVersion ?? "(none)"} after {timeout}, not {version}; last error: {info.LastError?.Message}");
    }

    /// <summary>Waits until <paramref name="condition"/> holds for <c>GET /model</c>.</summary>
    public async Task<ModelInfo> WaitForModelAsync(Func<ModelInfo, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        ModelInfo info;
        do
        {
            info = await GetModelAsync();
            if (condition(info))
            {
                return info;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"/model never met the condition within {timeout}; last: version {info.ModelVersion}, registry {info.Registry}, error {info.LastError}");
    }

    public Task<HttpResponseMessage> RecommendAsync(object body, IDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/recommend") { Content = JsonContent.Create(body) };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return Http.SendAsync(request);
    }

    public async Task<RecommendResponse> RecommendOkAsync(object body, IDictionary<string, string>? headers = null)
    {
        using var response = await RecommendAsync(body, headers);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /recommend answered {(int)response.StatusCode}: {text}");
        return System.Text.Json.JsonSerializer.Deserialize<RecommendResponse>(text, System.Text.Json.JsonSerializerOptions.Web)!;
    }

    protected override void Dispose(bool disposing)
    {
        _http?.Dispose();
        base.Dispose(disposing);
    }
}
