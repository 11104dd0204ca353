using System.Net;
using Bandit.Allocation;
using Bandit.Router.Common;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Bandit.Router.Experiment;

/// <summary>
/// YARP's routes and clusters, built in code from the live arm set: one cluster per arm whose destination is the
/// arm's variant service by name (<c>http://variant-a</c>, resolved by service discovery), without YARP's health
/// checks (<see cref="ArmHealth"/> is the one health state); and the one route, the public <c>POST /choose</c>, whose
/// cluster the choose step replaces per request. No route leads to an arm by itself: an arm is reached only through a
/// decision.
/// </summary>
public sealed class ArmProxyConfig
{
    public const string ChooseRouteId = "choose";
    public const string ChoosePath = "/choose";
    public const string VariantPath = "/recommend";

    private readonly IConfiguration _configuration;
    private readonly RouterOptions _options;

    public ArmProxyConfig(IConfiguration configuration, IOptions<RouterOptions> options)
    {
        _configuration = configuration;
        _options = options.Value;
        EmbeddedConfig = _options.ParseEmbeddedConfig();
        var (routes, clusters) = Build(EmbeddedConfig);
        Provider = new InMemoryConfigProvider(routes, clusters);
    }

    /// <summary>The config the Router starts with (<c>Router:EmbeddedConfig</c> or the default).</summary>
    public RouterConfig EmbeddedConfig { get; }

    /// <summary>The provider YARP reads; updated when the arm set changes.</summary>
    public InMemoryConfigProvider Provider { get; }

    public static string ClusterId(string arm) => "arm-" + arm;

    /// <summary>
    /// The destination for a variant service: <c>http://&lt;service&gt;</c>, which service discovery resolves to every
    /// address under <c>services:&lt;service&gt;:http</c> (Aspire writes them; set <c>services:variant-a:http:0</c> by hand
    /// to run the Router alone); null when the service is not configured at all.
    /// </summary>
    public string? AddressOf(string service) =>
        _configuration.GetSection($"services:{service}").Exists() ? $"http://{service}" : null;

    /// <summary>Routes and clusters for the arms of <paramref name="config"/>.</summary>
    public void Apply(RouterConfig config)
    {
        var (routes, clusters) = Build(config);
        Provider.Update(routes, clusters);
    }

    private (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) Build(RouterConfig config)
    {
        IReadOnlyList<IReadOnlyDictionary<string, string>> transforms = [new Dictionary<string, string> { ["PathSet"] = VariantPath }];
        var routes = new List<RouteConfig>
        {
            new()
            {
                RouteId = ChooseRouteId,
                ClusterId = ClusterId(config.Arms[0].Name),
                Match = new RouteMatch { Path = ChoosePath, Methods = [HttpMethods.Post] },
                Transforms = transforms,
            },
        };
        var clusters = new List<ClusterConfig>();
        foreach (var arm in config.Arms)
        {
            var address = AddressOf(arm.Service);
            clusters.Add(new ClusterConfig
            {
                ClusterId = ClusterId(arm.Name),
                Destinations = address is null
                    ? new Dictionary<string, DestinationConfig>()
                    : new Dictionary<string, DestinationConfig> { [arm.Service] = new() { Address = address } },
                HttpRequest = new ForwarderRequestConfig
                {
                    ActivityTimeout = _options.VariantTimeout,
                    Version = HttpVersion.Version11,
                    VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
                },
                HttpClient = new HttpClientConfig { EnableMultipleHttp2Connections = true },
            });
        }

        return (routes, clusters);
    }
}
