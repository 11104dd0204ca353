using Bandit.MovieLens.Features;

namespace Bandit.MovieLens.Tests;

public sealed class TrainingSetBuilderTests(LatestSmallFixture fixture) : IClassFixture<LatestSmallFixture>
{
    private readonly MovieLensDataset _data = fixture.Data;

    [Fact]
    public void Build_EachRow_TakesTargetsFromOtherFoldsAndCountsFromTheWholeWindow()
    {
        // 400 ratings of ml-latest-small's first users: small enough to rebuild a state per row by brute force.
        var train = _data.Ratings.Take(400).ToList();
        const int folds = 4, seed = 3;

        var examples = TrainingSetBuilder.Build(train, _data.MoviesById, folds, seed);
        var full = FeatureState.Build(train, _data.MoviesById);

        for (var i = 0; i < train.Count; i += 7)
        {
            var row = train[i];
            var fold = TrainingSetBuilder.FoldOf(row, folds, seed);
            var others = FeatureState.Build(train.Where(r => TrainingSetBuilder.FoldOf(r, folds, seed) != fold), _data.MoviesById);
            var fromOthers = others.Featurize(row.UserId, row.MovieId);
            var fromFull = full.Featurize(row.UserId, row.MovieId);
            for (var f = 0; f < FeatureSpec.Length; f++)
            {
                var source = FeatureSpec.TargetFeatures.Contains(f) ? fromOthers : fromFull;
                Assert.True(source[f] == examples[i].Features[f], $"row {i}, {FeatureSpec.Names[f]}: {source[f]} vs {examples[i].Features[f]}");
            }

            Assert.Equal(row.IsClick(), examples[i].Label);
            Assert.Equal((row.UserId, row.MovieId, row.Timestamp), (examples[i].UserId, examples[i].MovieId, examples[i].Timestamp));
        }
    }

    [Fact]
    public void FoldOf_IsDeterministicSeededAndBalanced()
    {
        var folds = _data.Ratings.Select(r => TrainingSetBuilder.FoldOf(r, 5, 1)).ToArray();
        var again = _data.Ratings.Select(r => TrainingSetBuilder.FoldOf(r, 5, 1)).ToArray();
        var otherSeed = _data.Ratings.Select(r => TrainingSetBuilder.FoldOf(r, 5, 2)).ToArray();

        Assert.Equal(folds, again);
        Assert.NotEqual(folds, otherSeed);

        // A fair hash puts n/5 = 20,167 rows in each fold, binomial sd = sqrt(n * 0.2 * 0.8) ≈ 127; allow 5 sd.
        Assert.All(folds.CountBy(f => f), c => Assert.InRange(c.Value, 20_167 - 635, 20_167 + 635));
    }

    [Fact]
    public void Build_Split_FeaturizesTestRowsWithTheFullTrainState()
    {
        var split = Splitter.GlobalTime(_data.Ratings);

        var set = TrainingSetBuilder.Build(split, _data.MoviesById);

        Assert.Equal(split.Train.Count, set.Train.Count);
        Assert.Equal(split.Test.Count, set.Test.Count);
        Assert.Equal(split.Train.Count, set.State.RatingCount);
        var probe = split.Test[^1];
        Assert.Equal(set.State.Featurize(probe.UserId, probe.MovieId), set.Test[^1].Features);

        // Most global-time test users are unseen, and their rows carry the flag.
        var unseenShare = set.Test.Average(e => e.Features[FeatureSpec.UserUnseen]);
        Assert.Equal(split.TestColdStartUserShare(), unseenShare, 6);
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingSetBuilder.Build(split.Train, _data.MoviesById, folds: 1));
    }
}
