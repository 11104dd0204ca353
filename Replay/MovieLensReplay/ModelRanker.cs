using Bandit.MovieLens.Features;
using Bandit.Training.Modeling;

namespace Bandit.Replay.MovieLensReplay;

/// <summary>A fitted Trainer policy ranking the catalogue with the MovieLens <see cref="CandidateScorer"/> (the Variants' scorer).</summary>
public sealed class ModelRanker(FittedPolicy policy, FeatureState state) : IUserRanker
{
    private readonly CandidateScorer _scorer = new(policy.Context, policy.Model, state);

    public string Arm => policy.Definition.Policy;

    public IReadOnlyList<int> Rank(int userId, int depth) => [.. _scorer.TopK(userId, depth).Select(m => m.MovieId)];
}
