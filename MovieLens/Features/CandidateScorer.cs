using Microsoft.ML;
using Microsoft.ML.Data;

namespace Bandit.MovieLens.Features;

/// <summary>A movie and the model's click probability for it.</summary>
public readonly record struct ScoredMovie(int MovieId, float Probability);

/// <summary>
/// Ranks the catalogue for one user with an ML.NET CTR model: featurizes every candidate with the
/// <see cref="FeatureState"/> and scores them in ONE batch <c>Transform</c> over an <see cref="IDataView"/> (no
/// <c>PredictionEngine</c>, which is neither thread-safe nor cheap to build). Thread-safe: the model and the state
/// are only read, and every call builds its own data view. Unknown users get the cold-start ranking.
/// </summary>
public sealed class CandidateScorer(MLContext mlContext, ITransformer model, FeatureState state)
{
    private static readonly SchemaDefinition _inputSchema = SchemaDefinition.Create(typeof(CtrInput));

    public FeatureState State { get; } = state;

    /// <summary>The <paramref name="k"/> most probable clicks, best first (ties by ascending movie id), leaving out
    /// the movies the user rated in training and <paramref name="exclude"/>.</summary>
    public IReadOnlyList<ScoredMovie> TopK(int userId, int k, IReadOnlyCollection<int>? exclude = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var rated = State.RatedBy(userId);
        var excluded = exclude is null or { Count: 0 } ? null : exclude as IReadOnlySet<int> ?? exclude.ToHashSet();
        var candidates = new List<int>(State.CatalogueIds.Count);
        foreach (var id in State.CatalogueIds)
        {
            if (!rated.Contains(id) && excluded?.Contains(id) != true)
            {
                candidates.Add(id);
            }
        }

        var probabilities = Score(userId, candidates);
        return TopScored.Select(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(candidates), probabilities, k);
    }

    /// <summary>The click probability of each movie for the user, in input order, from one batch transform.</summary>
    public float[] Score(int userId, IReadOnlyList<int> movieIds)
    {
        var scores = new float[movieIds.Count];
        if (movieIds.Count == 0)
        {
            return scores;
        }

        var rows = new CtrInput[movieIds.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = new CtrInput();
            State.Featurize(userId, movieIds[i], row.Features);
            rows[i] = row;
        }

        var scored = model.Transform(mlContext.Data.LoadFromEnumerable(rows, _inputSchema));
        var column = scored.Schema.GetColumnOrNull(CtrOutput.ProbabilityColumn)
            ?? scored.Schema.GetColumnOrNull(CtrOutput.ScoreColumn)
            ?? throw new InvalidOperationException("the model adds neither a Probability nor a Score column");
        scored.CopyScores(column, scores);
        return scores;
    }
}
