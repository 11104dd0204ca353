using Bandit.MovieLens.Features;

namespace Bandit.Trainer.Evaluation;

/// <summary>The test rows of one split and every scorer's click probability for them (baseline, PolicyA, PolicyB, PolicyC).</summary>
public sealed class ScoredTestSet
{
    public ScoredTestSet(IReadOnlyList<CtrExample> rows, IReadOnlyDictionary<string, float[]> scores)
    {
        foreach (var (name, s) in scores)
        {
            if (s.Length != rows.Count)
            {
                throw new ArgumentException($"{name} has {s.Length} scores for {rows.Count} rows", nameof(scores));
            }
        }

        Rows = rows;
        Scores = scores;
        Labels = [.. rows.Select(r => r.Label)];
        UserIds = [.. rows.Select(r => r.UserId)];
    }

    public IReadOnlyList<CtrExample> Rows { get; }

    /// <summary>Scorer name (<see cref="Modeling.Policies"/>) → probabilities in row order.</summary>
    public IReadOnlyDictionary<string, float[]> Scores { get; }

    public bool[] Labels { get; }

    public int[] UserIds { get; }

    /// <summary>The scorers in report order: baseline first, then the policies.</summary>
    public IEnumerable<string> Scorers => Scores.Keys;
}
