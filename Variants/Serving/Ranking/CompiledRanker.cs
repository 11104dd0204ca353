using System.Buffers;
using Bandit.MovieLens.Features;

namespace Bandit.Variants.Serving.Ranking;

/// <summary>
/// Ranks with a <see cref="CompiledCtrModel"/>: the candidates (catalogue less rated and excluded movies) are
/// featurized into one pooled block with <see cref="FeatureState.FeaturizeMany"/> — the same feature code the Trainer
/// uses — scored in one pass, and the top k picked with a size-k heap. Same order and ties as
/// <see cref="CandidateScorer"/>. Thread-safe: every call has its own buffers.
/// </summary>
public sealed class CompiledRanker(CompiledCtrModel model, FeatureState state) : IRanker
{
    private readonly Dictionary<int, int> _position = state.CatalogueIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);

    public string Engine => model.Engine;

    public FeatureState State => state;

    public IReadOnlyList<ScoredMovie> TopK(int userId, int k, IReadOnlySet<int>? exclude)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var catalogue = state.CatalogueIds;
        var rated = state.RatedBy(userId);
        var candidates = ArrayPool<int>.Shared.Rent(catalogue.Count);
        var positions = ArrayPool<int>.Shared.Rent(catalogue.Count);
        var n = 0;
        for (var i = 0; i < catalogue.Count; i++)
        {
            var id = catalogue[i];
            if (!rated.Contains(id) && exclude?.Contains(id) != true)
            {
                positions[n] = i;
                candidates[n++] = id;
            }
        }

        var block = ArrayPool<float>.Shared.Rent(n * FeatureSpec.Length);
        var probabilities = ArrayPool<float>.Shared.Rent(n);
        try
        {
            state.FeaturizeMany(userId, candidates.AsSpan(0, n), block);
            model.Score(block.AsSpan(0, n * FeatureSpec.Length), FeatureSpec.Length, positions.AsSpan(0, n), probabilities.AsSpan(0, n));
            return TopScored.Select(candidates.AsSpan(0, n), probabilities.AsSpan(0, n), k);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(probabilities);
            ArrayPool<float>.Shared.Return(block);
            ArrayPool<int>.Shared.Return(positions);
            ArrayPool<int>.Shared.Return(candidates);
        }
    }

    /// <summary>The compiled model's probabilities for (user, catalogue movie) pairs, in order (for checks against ML.NET).</summary>
    public float[] Score(int userId, IReadOnlyList<int> movieIds)
    {
        var block = new float[movieIds.Count * FeatureSpec.Length];
        state.FeaturizeMany(userId, movieIds.ToArray(), block);
        var probabilities = new float[movieIds.Count];
        model.Score(block, FeatureSpec.Length, movieIds.Select(id => _position[id]).ToArray(), probabilities);
        return probabilities;
    }
}
