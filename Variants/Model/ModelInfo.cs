namespace Bandit.Variants.Model;

/// <summary>
/// The answer of <c>GET /model</c>: what is served (null fields until the first load; <c>scoring</c> is
/// <c>compiled-linear</c>, <c>exact-trees-user-lists</c>, <c>exact-trees</c>, <c>resolved-trees</c>,
/// <c>compiled-trees</c> or <c>mlnet</c>), what the registry says the alias points at, and
/// the last failed load since the last successful one.
/// </summary>
public sealed record ModelInfo(
    string ModelName,
    string Alias,
    bool Loaded,
    string? ModelVersion,
    string? RunId,
    DateTimeOffset? LoadedAt,
    string? FeatureSpecVersion,
    string? Policy,
    string? Trainer,
    string? MlnetVersion,
    int? CatalogueSize,
    string? Scoring,
    RegistryInfo Registry,
    LoadErrorInfo? LastError);

/// <summary>
/// The alias as last polled: <c>status</c> is Starting, Following, AliasMissing or Unreachable; <c>lastPollAt</c> is the
/// last successful poll; while Unreachable, <c>unreachableSince</c> says when the outage began (the loaded model keeps
/// serving and <c>/health</c> answers 200 Degraded).
/// </summary>
public sealed record RegistryInfo(string Status, string? Version, DateTimeOffset? LastPollAt, string? Error, DateTimeOffset? UnreachableSince = null);

/// <summary>A version that could not be loaded (the previous model kept serving).</summary>
public sealed record LoadErrorInfo(string Version, string Message, DateTimeOffset At);
