using System.ComponentModel.DataAnnotations;
using Bandit.Contracts;

namespace Bandit.Ui.Extensions;

/// <summary>
/// The Ui's settings (section <c>Ui</c>), plus <see cref="RouterUrl"/>: <c>http://router</c> when
/// <c>services:router:http:0</c> (Aspire's service discovery key) is set. Validated when the app starts. There is no
/// admin key here on purpose: an operator signs in with their own credential, and the Ui sends it on to the Router.
/// </summary>
public sealed class UiOptions
{
    public const string SectionName = ConfigurationKeys.Ui.Section;

    /// <summary>Where Aspire writes the Router's addresses (<c>services:router:http:0</c>, …).</summary>
    public const string RouterServiceSection = "services:" + ResourceNames.Router;

    /// <summary>The Router by service name, resolved by service discovery from <see cref="RouterServiceSection"/>.</summary>
    public const string RouterServiceUrl = "http://" + ResourceNames.Router;

    /// <summary>The Router's launchSettings address, used when no service key is set.</summary>
    public const string DefaultRouterUrl = "http://localhost:8000";

    /// <summary>The Router's base URL as the HTTP client asks for it (<see cref="RouterServiceUrl"/> under Aspire).</summary>
    [Required, Url]
    public string RouterUrl { get; set; } = DefaultRouterUrl;

    /// <summary>The Router's address for people (pages, logs): <c>services:router:http:0</c> when set, else <see cref="RouterUrl"/>.</summary>
    public string RouterAddress { get; set; } = DefaultRouterUrl;

    /// <summary>Registered model of the policies (aliases PolicyA, PolicyB).</summary>
    [Required, RegularExpression(@"^[\w\-.]+$")]
    public string ModelName { get; set; } = RegistryNames.PolicyModel;

    /// <summary>Registered model of the router's allocation config (alias <c>router</c>).</summary>
    [Required, RegularExpression(@"^[\w\-.]+$")]
    public string RouterModelName { get; set; } = RegistryNames.RouterModel;

    /// <summary>The aliases a policy version can be promoted to.</summary>
    [MinLength(1)]
    public string[] PolicyAliases { get; set; } = [.. RegistryNames.ServedPolicies];

    /// <summary>How far back the charts over time reach (the Router's <c>GET /stats/history?minutes=</c>).</summary>
    [Range(1, 1440)]
    public int HistoryMinutes { get; set; } = 60;

    /// <summary>At most this many points per line (the Router thins its snapshots evenly).</summary>
    [Range(2, 2000)]
    public int HistoryPoints { get; set; } = 240;

    /// <summary>How many of the latest decisions the off-policy table estimates from (the Router's <c>GET /stats/offpolicy?window=</c>).</summary>
    [Range(1, 100_000)]
    public int OffPolicyWindow { get; set; } = 10_000;

    /// <summary>How often the Experiment page refreshes itself in the browser.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan PageRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one call to the Router may take before the page says it is not answering.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RouterTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Highest user id of the training data (ml-latest-small has users 1..610): "random user" picks from 1 to it,
    /// and a higher id is labelled a new (cold-start) user.</summary>
    [Range(1, int.MaxValue)]
    public int MaxUserId { get; set; } = 610;

    /// <summary>How many recommendations to ask for by default.</summary>
    [Range(1, 100)]
    public int DefaultK { get; set; } = 10;
}
