using Bandit.MovieLens.Features;
using Bandit.Trainer.Evaluation.Metrics;
using Bandit.Training.Modeling;

namespace Bandit.Trainer.Evaluation;

/// <summary>
/// Each scorer's top-10 over the whole catalogue for a fixed sample of a split's test users, as a variant serves it
/// (the movies the user rated in the training window left out, ties by ascending movie id), reduced to coverage and
/// personalisation (<see cref="TopListMetrics"/>). The sample is <see cref="DefaultSampleSize"/> users by default — the 60
/// of the measurement through the variants — picked by a seeded hash, the same users for every scorer.
/// </summary>
public static class TopLists
{
    public const int DefaultSampleSize = 60;
    public const int K = 10;

    public static IReadOnlyDictionary<string, TopListResult> Evaluate(IReadOnlyList<CtrExample> test, FeatureState state, IReadOnlyList<FittedPolicy> fitted, int seed,
        int sampleSize = DefaultSampleSize)
    {
        var users = Sample(test.Select(r => r.UserId), sampleSize, seed);
        var catalogue = state.CatalogueIds.Count;
        var popular = state.CatalogueIds.OrderByDescending(state.PopularityScore).ThenBy(id => id).ToArray();
        var results = new Dictionary<string, TopListResult>(StringComparer.Ordinal)
        {
            [Policies.Baseline] = TopListMetrics.Compute([.. users.Select(u => PopularTopK(popular, state.RatedBy(u)))], catalogue, K),
        };
        foreach (var policy in fitted)
        {
            // One batch transform per user (the whole catalogue); users in parallel, lists stored by index.
            var scorer = new CandidateScorer(policy.Context, policy.Model, state);
            var lists = new IReadOnlyList<int>[users.Length];
            Parallel.For(0, users.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                u => lists[u] = [.. scorer.TopK(users[u], K).Select(m => m.MovieId)]);
            results[policy.Definition.Policy] = TopListMetrics.Compute(lists, catalogue, K);
        }

        return results;
    }

    /// <summary>Up to <paramref name="count"/> distinct users, the lowest by a SplitMix hash of (seed, user): stable across runs.</summary>
    public static int[] Sample(IEnumerable<int> users, int count, int seed) =>
        [.. users.Distinct().OrderBy(u => CrossValidator.FoldOfUser(u, int.MaxValue, seed)).ThenBy(u => u).Take(count).Order()];

    private static IReadOnlyList<int> PopularTopK(int[] popular, IReadOnlySet<int> rated) => [.. popular.Where(id => !rated.Contains(id)).Take(K)];
}
