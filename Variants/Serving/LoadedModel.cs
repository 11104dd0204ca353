using Bandit.Contracts.Flavors;
using Bandit.Mlflow;
using Bandit.MovieLens.Features;
using Bandit.Variants.Serving.Ranking;

namespace Bandit.Variants.Serving;

/// <summary>
/// A model version ready to serve: immutable, so a request that took it keeps a consistent model even if a newer
/// one is swapped in meanwhile.
/// </summary>
public sealed record LoadedModel(
    string Alias,
    ModelVersion Version,
    string? RunId,
    MlnetFlavor Flavor,
    IRanker Ranker,
    DateTimeOffset LoadedAt,
    TimeSpan LoadDuration)
{
    public FeatureState State => Ranker.State;
}

/// <summary>A version that could not be loaded, and why.</summary>
public sealed record LoadFailure(string Version, string Message, DateTimeOffset At);
