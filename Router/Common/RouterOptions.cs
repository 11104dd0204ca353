using Bandit.Contracts;

namespace Bandit.Router.Common;

/// <summary>The Router's settings (section <c>Router</c>); every key can be given as <c>Router__Key</c> in the environment.</summary>
public sealed class RouterOptions
{
    public const string SectionName = ConfigurationKeys.Router.Section;

    /// <summary>Bearer key of the admin endpoints; unset = every admin call is refused (401).</summary>
    public string? AdminKey { get; set; }

    /// <summary>The registered model whose <see cref="ConfigAlias"/> version holds the live allocation config.</summary>
    public string ConfigModel { get; set; } = RegistryNames.RouterModel;

    public string ConfigAlias { get; set; } = RegistryNames.RouterAlias;

    /// <summary>The registered model whose aliases the arms serve (an arm's <c>alias</c> in the config): the versions decisions record.</summary>
    public string ArmModel { get; set; } = RegistryNames.PolicyModel;

    /// <summary>
    /// The allocation used until one is loaded from the registry (version <c>embedded</c>), as
    /// <c>router_config.json</c> JSON; unset = <see cref="Bandit.Allocation.RouterConfig.Default"/>.
    /// </summary>
    public string? EmbeddedConfig { get; set; }

    /// <summary>How often the config alias is polled (webhooks trigger a poll at once).</summary>
    public TimeSpan ConfigPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often auto-promotion (the router config's <c>auto_promotion</c> section, when enabled) evaluates its rule.</summary>
    public TimeSpan AutoPromotionInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Secret of the MLflow webhook deliveries (<c>X-MLflow-Signature</c>); unset = the webhook route is not mapped.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>HMAC secret of decision ids (UTF-8, at least 16 bytes). Unset: shared through Redis, or per process without it.</summary>
    public string? DecisionSecret { get; set; }

    /// <summary>How long a decision can be rewarded.</summary>
    public TimeSpan DecisionTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How stale the posteriors a decision uses may be (they are refreshed from the store in the background).</summary>
    public TimeSpan PosteriorCacheTtl { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long an arm whose variant failed is skipped before it is tried again.</summary>
    public TimeSpan UnhealthyFor { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Connect timeout towards a variant.</summary>
    public TimeSpan VariantConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a variant may stay silent (no response bytes) before the request fails.</summary>
    public TimeSpan VariantTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Decisions the traffic share of <c>GET /stats</c> is computed over (per replica).</summary>
    public int TrafficWindow { get; set; } = 1000;

    /// <summary>Approximate cap of the event stream (decisions, rewards, failures, resets) per experiment.</summary>
    public int EventStreamMaxLength { get; set; } = 100_000;

    /// <summary>Most elements in one <c>POST /update</c> array.</summary>
    public int MaxUpdateBatch { get; set; } = 1000;

    /// <summary>Largest <c>POST /update</c> body in bytes (single or batch); larger is 413.</summary>
    public int MaxUpdateBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Folder of the durable outage log: decisions and rewards taken while the store is unavailable, applied when it
    /// returns. Each Router instance writes its own file there and adopts the files of instances that are gone.
    /// </summary>
    public string OutageLogPath { get; set; } = Path.Combine(Path.GetTempPath(), "bandit-router-outage");

    /// <summary>Most entries (decisions + rewards) the outage log holds; when it is full, <c>/update</c> answers 503.</summary>
    public int OutageBufferCapacity { get; set; } = 100_000;

    /// <summary>Per-client (remote IP) token bucket on <c>POST /update</c>.</summary>
    public UpdateRateLimitOptions UpdateRateLimit { get; set; } = new();

    /// <summary>How often per-arm metrics are written to MLflow; 0 disables the exporter.</summary>
    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The MLflow experiment of the online runs (one run per experiment key).</summary>
    public string ExportExperiment { get; set; } = "movielens_ctr_online";

    /// <summary>How often a snapshot of the experiment's counters goes to the store for <c>GET /stats/history</c>; 0 turns it off.</summary>
    public TimeSpan HistoryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Snapshots kept per experiment (4320 × 5 s = six hours); the oldest go first.</summary>
    public int HistoryCapacity { get; set; } = 4320;

    /// <summary>Every problem with these settings, each a sentence; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Positive(errors, nameof(DecisionTtl), DecisionTtl);
        Positive(errors, nameof(ConfigPollInterval), ConfigPollInterval);
        Positive(errors, nameof(AutoPromotionInterval), AutoPromotionInterval);
        Positive(errors, nameof(UnhealthyFor), UnhealthyFor);
        Positive(errors, nameof(VariantConnectTimeout), VariantConnectTimeout);
        Positive(errors, nameof(VariantTimeout), VariantTimeout);
        if (PosteriorCacheTtl < TimeSpan.Zero)
        {
            errors.Add($"Router:{nameof(PosteriorCacheTtl)} must be >= 0.");
        }

        if (ExportInterval < TimeSpan.Zero)
        {
            errors.Add($"Router:{nameof(ExportInterval)} must be >= 0 (0 disables the exporter).");
        }

        if (HistoryInterval < TimeSpan.Zero || (HistoryInterval > TimeSpan.Zero && HistoryInterval < TimeSpan.FromMilliseconds(100)))
        {
            errors.Add($"Router:{nameof(HistoryInterval)} must be 0 (off) or at least 100 ms.");
        }

        if (HistoryCapacity is < 2 or > 1_000_000)
        {
            errors.Add($"Router:{nameof(HistoryCapacity)} must be in [2, 1000000].");
        }

        if (TrafficWindow is < 1 or > 1_000_000)
        {
            errors.Add($"Router:{nameof(TrafficWindow)} must be in [1, 1000000].");
        }

        if (EventStreamMaxLength < 1)
        {
            errors.Add($"Router:{nameof(EventStreamMaxLength)} must be >= 1.");
        }

        if (MaxUpdateBatch is < 1 or > 10_000)
        {
            errors.Add($"Router:{nameof(MaxUpdateBatch)} must be in [1, 10000].");
        }

        if (MaxUpdateBodyBytes is < 1024 or > 64 * 1024 * 1024)
        {
            errors.Add($"Router:{nameof(MaxUpdateBodyBytes)} must be in [1024, 67108864].");
        }

        if (OutageBufferCapacity is < 1 or > 10_000_000)
        {
            errors.Add($"Router:{nameof(OutageBufferCapacity)} must be in [1, 10000000].");
        }

        if (string.IsNullOrWhiteSpace(OutageLogPath))
        {
            errors.Add($"Router:{nameof(OutageLogPath)} must name a folder.");
        }

        if (UpdateRateLimit.PermitsPerSecond < 0 || UpdateRateLimit.Burst < 0)
        {
            errors.Add($"Router:{nameof(UpdateRateLimit)}:PermitsPerSecond and :Burst must be >= 0 (0 = off).");
        }

        if (DecisionSecret is { } secret && System.Text.Encoding.UTF8.GetByteCount(secret) < Bandit.Allocation.DecisionToken.MinSecretLength)
        {
            errors.Add($"Router:{nameof(DecisionSecret)} must be at least {Bandit.Allocation.DecisionToken.MinSecretLength} bytes.");
        }

        if (string.IsNullOrWhiteSpace(ConfigModel) || string.IsNullOrWhiteSpace(ConfigAlias))
        {
            errors.Add($"Router:{nameof(ConfigModel)} and Router:{nameof(ConfigAlias)} must not be empty.");
        }

        if (EmbeddedConfig is { Length: > 0 } json)
        {
            var configErrors = Bandit.Allocation.RouterConfig.TryParse(json, out var parsed, out var parseErrors) ? ServableConfig.Errors(parsed!) : parseErrors;
            if (configErrors.Count > 0)
            {
                errors.Add($"Router:{nameof(EmbeddedConfig)} is not a usable router config: {string.Join(" ", configErrors)}");
            }
        }

        return errors;
    }

    /// <summary>The config to run before the registry answers.</summary>
    public Bandit.Allocation.RouterConfig ParseEmbeddedConfig() =>
        EmbeddedConfig is { Length: > 0 } json && Bandit.Allocation.RouterConfig.TryParse(json, out var config, out _) && config is not null
            ? config
            : Bandit.Allocation.RouterConfig.Default;

    private static void Positive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"Router:{name} must be > 0.");
        }
    }
}

/// <summary><c>Router:UpdateRateLimit</c>: requests per second and bucket size per remote IP; 0 for either turns the limit off.</summary>
public sealed class UpdateRateLimitOptions
{
    public int PermitsPerSecond { get; set; } = 10_000;

    public int Burst { get; set; } = 20_000;

    public bool Enabled => PermitsPerSecond > 0 && Burst > 0;
}
