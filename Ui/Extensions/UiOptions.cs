using System.ComponentModel.DataAnnotations;

namespace Bandit.Ui.Extensions;

/// <summary>
/// The Ui's settings (section <c>Ui</c>), plus two keys it shares with the rest of the system:
/// <see cref="RouterUrl"/>, <c>http://router</c> when <c>services:router:http:0</c> (Aspire's service discovery key) is set, and
/// <see cref="AdminKey"/> from <c>Router:AdminKey</c>. Validated when the app starts.
/// </summary>
public sealed class UiOptions
{
    public const string SectionName = "Ui";

    /// <summary>Where Aspire writes the Router's addresses (<c>services:router:http:0</c>, …).</summary>
    public const string RouterServiceSection = "services:router";

    /// <summary>The Router by service name, resolved by service discovery from <see cref="RouterServiceSection"/>.</summary>
    public const string RouterServiceUrl = "http://router";

    /// <summary>The Router's launchSettings address, used when no service key is set.</summary>
    public const string DefaultRouterUrl = "http://localhost:8000";

    public const string AdminKeyKey = "Router:AdminKey";

    /// <summary>The Router's base URL as the HTTP client asks for it (<see cref="RouterServiceUrl"/> under Aspire).</summary>
    [Required, Url]
    public string RouterUrl { get; set; } = DefaultRouterUrl;

    /// <summary>The Router's address for people (pages, logs): <c>services:router:http:0</c> when set, else <see cref="RouterUrl"/>.</summary>
    public string RouterAddress { get; set; } = DefaultRouterUrl;

    /// <summary>The Router's admin bearer key; unset = promote and strategy switches are disabled in the Ui.</summary>
    public string? AdminKey { get; set; }

    /// <summary>Registered model of the policies (aliases PolicyA, PolicyB).</summary>
    [Required, RegularExpression(@"^[\w\-.]+$")]
    public string ModelName { get; set; } = "movielens_ctr_ab";

    /// <summary>Registered model of the router's allocation config (alias <c>router</c>).</summary>
    [Required, RegularExpression(@"^[\w\-.]+$")]
    public string RouterModelName { get; set; } = "movielens_ctr_router";

    /// <summary>The aliases a policy version can be promoted to.</summary>
    [MinLength(1)]
    public string[] PolicyAliases { get; set; } = ["PolicyA", "PolicyB"];

    /// <summary>How often the background sampler reads <c>GET /stats</c> for the charts over time.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan StatsPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many samples of <c>/stats</c> are kept in memory (720 × 5 s = one hour).</summary>
    [Range(2, 100_000)]
    public int HistoryCapacity { get; set; } = 720;

    /// <summary>How often the Experiment page refreshes itself in the browser.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan PageRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one call to the Router may take before the page says it is not answering.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RouterTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Highest user id offered by "random user" (ml-latest-small has users 1..610).</summary>
    [Range(1, int.MaxValue)]
    public int MaxUserId { get; set; } = 610;

    /// <summary>How many recommendations to ask for by default.</summary>
    [Range(1, 100)]
    public int DefaultK { get; set; } = 10;

    public bool AdminEnabled => !string.IsNullOrWhiteSpace(AdminKey);
}
