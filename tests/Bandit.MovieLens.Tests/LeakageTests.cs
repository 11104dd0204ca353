using Bandit.MovieLens.Features;

namespace Bandit.MovieLens.Tests;

/// <summary>No test-window rating reaches any feature, and no training row's label reaches its own features.</summary>
public sealed class LeakageTests(LatestSmallFixture fixture) : IClassFixture<LatestSmallFixture>
{
    private readonly MovieLensDataset _data = fixture.Data;

    [Theory]
    [InlineData(SplitKind.UserTime)]
    [InlineData(SplitKind.GlobalTime)]
    public void Build_TestWindowRatingsFlippedInTheSource_LeaveEveryFeatureIdentical(SplitKind kind)
    {
        var split = Splitter.Split(_data.Ratings, kind);
        var testRows = split.Test.ToHashSet();

        // Flip every test-window label in the raw ratings (5 -> 0.5, 0.5 -> 5, ...), then split and build again.
        var altered = _data.Ratings.Select(r => testRows.Contains(r) ? r with { Value = 5.5f - r.Value } : r).ToList();
        var alteredSplit = Splitter.Split(altered, kind);
        var before = TrainingSetBuilder.Build(split, _data.MoviesById);
        var after = TrainingSetBuilder.Build(alteredSplit, _data.MoviesById);

        Assert.Equal(split.Train, alteredSplit.Train);
        AssertSameFeatures(before.Train, after.Train);
        AssertSameFeatures(before.Test, after.Test);
        Assert.Contains(before.Test.Zip(after.Test), p => p.First.Label != p.Second.Label); // the labels did change
    }

    [Fact]
    public void Build_TestWindowRowsRemoved_LeavesEveryFeatureIdentical()
    {
        var split = Splitter.UserTime(_data.Ratings);
        var halved = split with { Test = [.. split.Test.Where((_, i) => i % 2 == 0)] };

        var before = TrainingSetBuilder.Build(split, _data.MoviesById);
        var after = TrainingSetBuilder.Build(halved, _data.MoviesById);

        AssertSameFeatures(before.Train, after.Train);
        AssertSameFeatures([.. before.Test.Where((_, i) => i % 2 == 0)], after.Test);
    }

    [Fact]
    public void Build_OneTrainingLabelFlipped_LeavesThatRowsFeaturesUnchangedButMovesOtherFolds()
    {
        var train = Splitter.UserTime(_data.Ratings).Train;
        var before = TrainingSetBuilder.Build(train, _data.MoviesById, folds: 5, seed: 7);

        // Three rows of different users and labels; each flip is checked on its own.
        foreach (var index in new[] { 0, train.Count / 2, train.Count - 1 })
        {
            var row = train[index];
            var flipped = train.ToArray();
            flipped[index] = row with { Value = 5.5f - row.Value };
            Assert.NotEqual(row.IsClick(), flipped[index].IsClick());

            var after = TrainingSetBuilder.Build(flipped, _data.MoviesById, folds: 5, seed: 7);

            Assert.Equal(before[index].Features, after[index].Features);
            Assert.NotEqual(before[index].Label, after[index].Label);

            // The check can fail: rows of the same user in other folds see the flipped label in their target statistics ...
            var fold = TrainingSetBuilder.FoldOf(row, 5, 7);
            var changed = Enumerable.Range(0, train.Count).Where(i => !before[i].Features.SequenceEqual(after[i].Features)).ToList();
            Assert.NotEmpty(changed);
            Assert.All(changed, i => Assert.NotEqual(fold, TrainingSetBuilder.FoldOf(train[i], 5, 7)));
            Assert.Contains(changed, i => train[i].UserId == row.UserId);

            // ... and an in-sample encoding (one state over all training rows) would have leaked it into the row itself.
            var inSampleBefore = FeatureState.Build(train, _data.MoviesById).Featurize(row.UserId, row.MovieId);
            var inSampleAfter = FeatureState.Build(flipped, _data.MoviesById).Featurize(row.UserId, row.MovieId);
            Assert.NotEqual(inSampleBefore, inSampleAfter);
        }
    }

    private static void AssertSameFeatures(IReadOnlyList<CtrExample> expected, IReadOnlyList<CtrExample> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal((expected[i].UserId, expected[i].MovieId), (actual[i].UserId, actual[i].MovieId));
            Assert.True(expected[i].Features.AsSpan().SequenceEqual(actual[i].Features), $"row {i}: user {expected[i].UserId} movie {expected[i].MovieId}");
        }
    }
}
