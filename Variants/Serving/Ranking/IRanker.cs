using Bandit.MovieLens.Features;

namespace Bandit.Variants.Serving.Ranking;

/// <summary>Ranks the catalogue for a user with one model version. Implementations are immutable and thread-safe.</summary>
public interface IRanker
{
    /// <summary>How scores are computed: <see cref="MlNetRanker.EngineName"/> or a compiled engine's name.</summary>
    string Engine { get; }

    FeatureState State { get; }

    /// <summary>The <paramref name="k"/> most probable clicks, best first (ties by ascending movie id), leaving out the
    /// movies the user rated in the training window and <paramref name="exclude"/>.</summary>
    IReadOnlyList<ScoredMovie> TopK(int userId, int k, IReadOnlySet<int>? exclude);
}

/// <summary>The shared <see cref="CandidateScorer"/>: one batch ML.NET <c>Transform</c> per request. Works for any model.</summary>
public sealed class MlNetRanker(CandidateScorer scorer) : IRanker
{
    public const string EngineName = "mlnet";

    public string Engine => EngineName;

    public FeatureState State => scorer.State;

    public CandidateScorer Scorer => scorer;

    public IReadOnlyList<ScoredMovie> TopK(int userId, int k, IReadOnlySet<int>? exclude) => scorer.TopK(userId, k, exclude);
}
