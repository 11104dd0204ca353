using System.Text.Json.Nodes;

namespace Bandit.Router.Experiment.Stats;

/// <summary>
/// <c>GET /stats</c>: the live experiment, per arm (camelCase JSON; the Ui reads it), and the mode: <c>store</c>
/// (<c>available</c> | <c>unavailable</c>), <c>allocation</c> (<c>posteriors</c> | <c>cached-posteriors</c> |
/// <c>hash-fallback</c>), <c>buffered</c> (entries in the outage log) and <c>countersAsOf</c> (set when the counters
/// are the last ones read, not fresh).
/// </summary>
public sealed record StatsResponse(
    string Experiment,
    string Strategy,
    string ConfigVersion,
    int Window,
    long TotalPulls,
    long Epoch,
    bool SharedState,
    IReadOnlyList<ArmStatsResponse> Arms,
    string Store = StatsResponse.Available,
    string Allocation = StatsResponse.Posteriors,
    int Buffered = 0,
    DateTimeOffset? CountersAsOf = null,
    SrmResponse? Srm = null)
{
    public const string Available = "available";
    public const string Unavailable = "unavailable";
    public const string Posteriors = "posteriors";
    public const string CachedPosteriors = "cached-posteriors";
    public const string HashFallback = "hash-fallback";
}

/// <summary>
/// One arm: counters, CTR, Beta posterior with its 95% interval (over the discounted sums when the strategy is
/// discounted Thompson sampling), P(best), share of the last N decisions, health, and the discounted sums
/// (rewards weighted by 2^(−age/half-life), as of the read) — all of the arm's live model <c>version</c> (null when
/// unknown: then over every version) — and its earlier <c>versions</c>, newest first.
/// </summary>
public sealed record ArmStatsResponse(
    string Arm,
    string Alias,
    string Service,
    long Pulls,
    long Updates,
    double Rewards,
    double Ctr,
    long Failures,
    PosteriorResponse Posterior,
    double PBest,
    double Share,
    bool Healthy,
    double DiscountedUpdates = 0,
    double DiscountedRewards = 0,
    string? Version = null,
    IReadOnlyList<ArmVersionResponse>? Versions = null);

/// <summary>An earlier model version of an arm: its counters while it served, posterior, and P(best) against the other arms' live versions.</summary>
public sealed record ArmVersionResponse(string Version, long Pulls, long Updates, double Rewards, double Ctr, long Failures, PosteriorResponse Posterior, double PBest);

/// <summary>
/// The sample-ratio check: per arm (in <c>arms</c> order) the observed pulls and the count the strategy's probabilities
/// promised, the χ² p-value, and <c>flagged</c> (p &lt; 0.001 with at least <c>minimumPulls</c> pulls).
/// </summary>
public sealed record SrmResponse(double PValue, bool Flagged, IReadOnlyList<double> Observed, IReadOnlyList<double> Expected, double MinimumPulls);

/// <summary>Beta(α, β), its mean and 95% equal-tailed credible interval.</summary>
public sealed record PosteriorResponse(double Alpha, double Beta, double Mean, double Lower, double Upper);

/// <summary><c>GET /config</c>: the live allocation and where it came from.</summary>
public sealed record ConfigResponse(string Version, string Experiment, string Source, DateTimeOffset LoadedAt, JsonNode Config);

/// <summary><c>PUT /admin/strategy</c>: a strategy name and, optionally, new hash weights (one per arm).</summary>
public sealed record StrategyRequest(string? Strategy, IReadOnlyList<double>? Weights);

/// <summary><c>POST /admin/reset</c>: the experiment whose counters were cleared and its new epoch.</summary>
public sealed record ResetResponse(string Experiment, long Epoch);
