using Bandit.MovieLens;
using Bandit.MovieLens.Features;
using Bandit.Variants.Serving.Ranking;
using Bandit.Variants.Tests.Support;
using static Bandit.Variants.Serving.Ranking.TreeEnsembleCtrModel;

namespace Bandit.Variants.Tests;

/// <summary>
/// <see cref="ExactTreeRanker"/> where the fast sums and ML.NET's disagree: hand-made trees whose leaves, added in
/// the resolved trees' order instead of ML.NET's, round to another float — so the fast ranking is wrong on purpose.
/// </summary>
public sealed class ExactTreeRankerTests
{
    // 1 + 2⁻²⁴ lies halfway between two floats and rounds down (to even); 1e-16 is below half a double ulp at 1, so
    // ML.NET's order ((1 + 2⁻²⁴) + 1e-16) + 1e-16 stays there, while the resolved order (1e-16 + 1e-16) + (1 + 2⁻²⁴)
    // ends one double above it and rounds up to the next float.
    private const double Halfway = 1 + (1.0 / (1 << 24));
    private const double Tiny = 1e-16;

    [Fact]
    public void TopK_SumOrderMovesTheFloat_RanksAsTheTreeWalkDoes()
    {
        // Arrange: every movie ties in ML.NET (raw 1.0f, probability 0.5: ordered by id); Film-Noir movies get the two
        // tiny leaves. A steep Platt slope turns the float's last bit into another probability.
        var state = FeatureState.Build(TestModels.TrainingRatings, TestModels.Data.MoviesById);
        var genre = FeatureSpec.GenreOffset + MovieLensGenres.IndexOf("Film-Noir");
        Tree[] trees =
        [
            new([new Node(FeatureSpec.UserPositiveRate, 0.5f, 1, 2)], [Halfway, Halfway]), // depends on the user: not summed at load
            new([new Node(genre, 0.5f, 1, 2)], [0, Tiny]),
            new([new Node(genre, 0.5f, 1, 2)], [0, Tiny]),
        ];
        const double slope = -1000, offset = 1000;
        var walk = new TreeEnsembleCtrModel(trees, slope, offset);
        var fast = ResolvedTreeBuilder.TryBuild(trees, state, slope, offset, out var reason) ?? throw new InvalidOperationException(reason);
        var exact = new ExactTreeRanker(fast, walk, state);
        var lists = UserListRanker.TryBuild(exact, listLength: 20) ?? throw new InvalidOperationException("over budget");

        foreach (var user in new[] { 1, 4242 })
        {
            var expected = new CompiledRanker(walk, state).TopK(user, 10, null);
            var fastOnly = new CompiledRanker(fast, state).TopK(user, 10, null);

            // Act
            var actual = exact.TopK(user, 10, null);
            var listed = lists.TopK(user, 10, null);

            // Assert: the fast sums alone rank Film-Noir first (the case is real); the exact ranker does not.
            Assert.All(expected, m => Assert.Equal(0.5f, m.Probability));
            Assert.NotEqual(expected.Select(m => m.MovieId), fastOnly.Select(m => m.MovieId));
            Assert.Equal(expected, actual);
            Assert.Equal(expected, listed);
        }
    }
}
