using Bandit.MovieLens.Features;
using Bandit.Variants.Serving.Ranking;
using Bandit.Variants.Tests.Support;
using static Bandit.Variants.Serving.Ranking.TreeEnsembleCtrModel;

namespace Bandit.Variants.Tests;

/// <summary>
/// <see cref="ResolvedTreeCtrModel"/> against the plain tree walk on hand-made trees that reach the cases a small
/// LightGBM may not: ten cuts on the affinity in one residual (more than a vector holds), user-only splits above and
/// below item splits, an item-only tree (a constant per movie) and a tree without splits.
/// </summary>
public sealed class ResolvedTreeTests
{
    private const int Affinity = FeatureSpec.UserGenreAffinity;

    [Fact]
    public void Score_HandMadeTrees_EqualsTheTreeWalkForKnownAndUnknownUsers()
    {
        // Arrange
        var state = FeatureState.Build(TestModels.TrainingRatings, TestModels.Data.MoviesById);
        Tree[] trees = [AffinityLadder(), Mixed(), ItemOnly(), new Tree([], [0.75])];
        var walk = new TreeEnsembleCtrModel(trees, plattSlope: -1, plattOffset: 0);
        var resolved = ResolvedTreeBuilder.TryBuild(trees, state, plattSlope: -1, plattOffset: 0, out var reason) ?? throw new InvalidOperationException(reason);
        int[] catalogue = [.. state.CatalogueIds];
        var positions = Enumerable.Range(0, catalogue.Length).ToArray();

        foreach (var user in new[] { 1, 2, 3, 4, 5, 4242 })
        {
            var block = new float[catalogue.Length * FeatureSpec.Length];
            state.FeaturizeMany(user, catalogue, block);
            var expected = new float[catalogue.Length];
            var actual = new float[catalogue.Length];

            // Act
            walk.Score(block, FeatureSpec.Length, positions, expected);
            resolved.Score(block, FeatureSpec.Length, positions, actual);

            // Assert: the same double sums up to the order of additions, so the same floats within 1e-6.
            Assert.All(expected.Zip(actual), pair => Assert.InRange(pair.Second - pair.First, -1e-6f, 1e-6f));
        }

        Assert.InRange(resolved.ConstantShare, 0.5, 1.0); // ItemOnly and the empty tree are constants: 2 of 4 trees at least
    }

    [Fact]
    public void Score_SubsetOfCandidates_UsesTheirCataloguePositions()
    {
        var state = FeatureState.Build(TestModels.TrainingRatings, TestModels.Data.MoviesById);
        Tree[] trees = [Mixed(), ItemOnly()];
        var walk = new TreeEnsembleCtrModel(trees, -1, 0);
        var resolved = ResolvedTreeBuilder.TryBuild(trees, state, -1, 0, out var reason) ?? throw new InvalidOperationException(reason);
        int[] positions = [3, 17, 400, 9000];
        int[] movies = [.. positions.Select(p => state.CatalogueIds[p])];
        var block = new float[movies.Length * FeatureSpec.Length];
        state.FeaturizeMany(2, movies, block);
        var expected = new float[movies.Length];
        var actual = new float[movies.Length];

        walk.Score(block, FeatureSpec.Length, positions, expected);
        resolved.Score(block, FeatureSpec.Length, positions, actual);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void TopK_ConcurrentCallsOnALoadedLightGbm_RankExactlyAsOneAtATime()
    {
        // Arrange: the LightGBM test version as the service loads it (lists ranked in the background after load), the same trees ranked per
        // request (pooled buffers), and each user's ranking alone.
        var folder = ModelPublisher.Stage(TestModels.LightGbm, "run-1");
        IRanker loaded;
        try
        {
            loaded = Bandit.Variants.Serving.ModelLoader.LoadFolder(folder).Ranker;
            Assert.True(Assert.IsType<WarmingTreeRanker>(loaded).WaitForLists(TimeSpan.FromMinutes(5)), "the user lists were not built");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        var ml = new Microsoft.ML.MLContext(seed: 0);
        var compiled = CtrModelCompiler.TryCompile(ml.Model.Load(Path.Combine(TestModels.LightGbm.Folder, "model.zip"), out _), loaded.State, out _);
        var perRequest = new ExactTreeRanker((ResolvedTreeCtrModel)compiled[0], (TreeEnsembleCtrModel)compiled[1], loaded.State);
        Assert.Equal(UserListRanker.EngineName, loaded.Engine);
        var users = Enumerable.Range(1, 12).Append(5000).ToArray();
        foreach (var ranker in new[] { loaded, perRequest })
        {
            var alone = users.ToDictionary(u => u, u => Ranking(ranker.TopK(u, 20, null)));

            // Act: every user eight times over, on all cores at once (pooled buffers must not be shared).
            var together = new System.Collections.Concurrent.ConcurrentBag<(int User, string Ranking)>();
            Parallel.For(0, users.Length * 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
                together.Add((users[i % users.Length], Ranking(ranker.TopK(users[i % users.Length], 20, null)))));

            // Assert
            Assert.Equal(users.Length * 8, together.Count);
            Assert.All(together, t => Assert.Equal(alone[t.User], t.Ranking));
            Assert.Equal(alone[1], Ranking(loaded.TopK(1, 20, null)));
        }
    }

    private static string Ranking(IReadOnlyList<ScoredMovie> top) => string.Join(",", top.Select(m => $"{m.MovieId}:{m.Probability:R}"));

    /// <summary>Ten thresholds on the affinity in a chain: leaf i when the affinity is in the i-th interval.</summary>
    private static Tree AffinityLadder()
    {
        const int cuts = 10;
        var nodes = new Node[cuts];
        for (var i = 0; i < cuts; i++)
        {
            nodes[i] = new Node(Affinity, 0.3f + (0.04f * i), cuts + i, i + 1 < cuts ? i + 1 : cuts + cuts);
        }

        return new Tree(nodes, [.. Enumerable.Range(0, cuts + 1).Select(i => 0.1 * i)]);
    }

    /// <summary>User-only split at the root, item and affinity splits below, and a user-only split under an item split.</summary>
    private static Tree Mixed() => new(
    [
        new Node(FeatureSpec.UserPositiveRate, 0.55f, 1, 2),
        new Node(FeatureSpec.ItemLogPopularity, 1.5f, 3, 4),
        new Node(Affinity, 0.5f, 5, 6),
        new Node(Affinity, 0.45f, 7, 8),          // leaves 0, 1
        new Node(FeatureSpec.UserLogActivity, 4f, 9, 10), // leaves 2, 3
        new Node(FeatureSpec.ItemPositiveRate, 0.5f, 11, 12), // leaves 4, 5
        new Node(FeatureSpec.ItemUnseen, 0.5f, 13, 14), // leaves 6, 7
    ],
    [0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7, -0.8]);

    /// <summary>Only the movie's own features: a constant for each movie.</summary>
    private static Tree ItemOnly() => new(
    [
        new Node(FeatureSpec.ReleaseYear, 1995f, 1, 2),
        new Node(FeatureSpec.GenreOffset, 0.5f, 3, 4),
        new Node(FeatureSpec.ItemPositiveRate, 0.6f, 5, 6),
    ],
    [1.0, 2.0, 3.0, 4.0]);
}
