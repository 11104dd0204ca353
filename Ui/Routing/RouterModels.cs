using System.Text.Json;

namespace Bandit.Ui.Routing;

// The Router's JSON (camelCase), read leniently: fields the Ui does not show may be absent or added.

/// <summary>One recommended movie with the model's score.</summary>
public sealed record RecommendedItem(int MovieId, string Title, int? Year, IReadOnlyList<string>? Genres, double Score);

/// <summary>
/// The answer of <c>POST /choose</c>: the items and the decision behind them. The decision fields come from the body,
/// or from the <c>X-Bandit-*</c> headers when the body lacks them.
/// </summary>
public sealed record ChooseResult(
    IReadOnlyList<RecommendedItem> Items,
    string? Alias,
    string? ModelVersion,
    string? Arm,
    string? DecisionId,
    double? Propensity);

/// <summary>The answer of <c>POST /update</c>: <c>recorded</c>, <c>duplicate</c> or <c>stale</c>.</summary>
public sealed record RewardResult(string? DecisionId, string? Arm, string Status);

/// <summary>
/// <c>GET /stats</c>: the live experiment, and the Router's mode: <see cref="Store"/> is <c>unavailable</c> while its
/// store is down (the counters are then the last ones read, as of <see cref="CountersAsOf"/>).
/// </summary>
public sealed record RouterStats(
    string Experiment,
    string Strategy,
    string ConfigVersion,
    int Window,
    long TotalPulls,
    IReadOnlyList<ArmStats> Arms,
    string? Store = null,
    DateTimeOffset? CountersAsOf = null,
    SrmCheck? Srm = null)
{
    public bool StoreUnavailable => Store == "unavailable";

    /// <summary>True when this Router replica has made no decision yet, so its traffic shares say nothing (all zero).</summary>
    public bool NoShareYet => Arms.Count > 0 && Arms.All(a => a.Share <= 0);
}

/// <summary>
/// One arm of <c>GET /stats</c>: the counters, posterior and P(best) are those of the arm's live model
/// <see cref="Version"/>; <see cref="Versions"/> holds its earlier versions, newest first (both absent from a Router
/// that does not keep evidence per version).
/// </summary>
public sealed record ArmStats(
    string Arm,
    string? Alias,
    string? Service,
    long Pulls,
    long Updates,
    double Rewards,
    double Ctr,
    Posterior Posterior,
    double PBest,
    double Share,
    bool Healthy,
    string? Version = null,
    IReadOnlyList<ArmVersionStats>? Versions = null);

/// <summary>An earlier model version of an arm: its counters and posterior while it served, and the P(best) it would have now.</summary>
public sealed record ArmVersionStats(string Version, long Pulls, long Updates, double Rewards, double Ctr, Posterior Posterior, double PBest);

/// <summary>
/// The sample-ratio check of <c>GET /stats</c>: per arm (in <see cref="RouterStats.Arms"/> order) the observed pulls and
/// the count the strategy's propensities promised, the χ² p-value, and whether it is flagged (p &lt; 0.001 on enough pulls).
/// </summary>
public sealed record SrmCheck(double PValue, bool Flagged, IReadOnlyList<double> Observed, IReadOnlyList<double> Expected, double MinimumPulls = 0);

/// <summary>Beta(α, β), its mean and 95% credible interval.</summary>
public sealed record Posterior(double Alpha, double Beta, double Mean, double Lower, double Upper);

/// <summary><c>GET /config</c>: the live allocation and where it came from.</summary>
public sealed record RouterConfigInfo(string Version, string Experiment, string? Source, DateTimeOffset? LoadedAt, JsonElement Config)
{
    public string? Strategy => Text("strategy");

    public double? Epsilon => Number("epsilon");

    public double? UcbExploration => Number("ucb_exploration");

    /// <summary>The prior as "Beta(1, 1)", when the config has one.</summary>
    public string? Prior => Config.ValueKind == JsonValueKind.Object && Config.TryGetProperty("prior", out var p) && p.ValueKind == JsonValueKind.Object
        && p.TryGetProperty("alpha", out var a) && p.TryGetProperty("beta", out var b) && a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number
        ? FormattableString.Invariant($"Beta({a.GetDouble():0.###}, {b.GetDouble():0.###})")
        : null;

    /// <summary>The configured arms (name, alias, service, hash weight).</summary>
    public IReadOnlyList<ConfiguredArm> Arms =>
        Config.ValueKind == JsonValueKind.Object && Config.TryGetProperty("arms", out var arms) && arms.ValueKind == JsonValueKind.Array
            ? [.. arms.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object).Select(a => new ConfiguredArm(
                Str(a, "name") ?? "?", Str(a, "alias"), Str(a, "service"),
                a.TryGetProperty("weight", out var w) && w.ValueKind == JsonValueKind.Number ? w.GetDouble() : null))]
            : [];

    private string? Text(string name) => Config.ValueKind == JsonValueKind.Object ? Str(Config, name) : null;

    private double? Number(string name) =>
        Config.ValueKind == JsonValueKind.Object && Config.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>An arm as configured: which alias it serves, through which service, with which hash weight.</summary>
public sealed record ConfiguredArm(string Name, string? Alias, string? Service, double? Weight);

/// <summary>The answer of <c>POST /admin/promote</c>: the alias, where it points now and before, and whether it moved.</summary>
public sealed record PromoteResult(string Model, string Alias, string Version, string? PreviousVersion, bool Changed, string? Reason, RouterConfigInfo? Config);

/// <summary>One arm in a history snapshot: the store's counters then (cumulative since the last reset).</summary>
public sealed record ArmSnapshot(string Arm, string? Alias, long Pulls, long Updates, double Rewards);

/// <summary>One snapshot of <c>GET /stats/history</c>.</summary>
public sealed record StatsSnapshot(DateTimeOffset At, string ConfigVersion, string Strategy, long Epoch, IReadOnlyList<ArmSnapshot> Arms);

/// <summary>A change to the experiment: <c>promotion</c>, <c>strategy</c> or <c>reset</c>.</summary>
public sealed record HistoryEvent(DateTimeOffset At, string Kind, string? Model, string? Alias, string? From, string? To, string? Strategy, string? Reason, string? Actor);

/// <summary><c>GET /stats/history</c>: the Router's snapshots of the experiment and its changes, from its store.</summary>
public sealed record RouterHistory(string Experiment, double IntervalSeconds, DateTimeOffset From, IReadOnlyList<StatsSnapshot> Samples, IReadOnlyList<HistoryEvent> Events);
