using Bandit.Training;
using Bandit.MovieLens;
using Bandit.MovieLens.Features;
using Bandit.Training.Modeling;
using Bandit.Trainer.Pipeline;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Bandit.Trainer.Tests.Pipeline;

/// <summary>
/// The "done when" leakage items at the Trainer level: what <see cref="OfflineExperiment.Prepare"/> produces and
/// <see cref="PolicyFitter.ToDataView"/> feeds to ML.NET, checked by changing labels in the input and comparing.
/// </summary>
public sealed class LeakageTests
{
    private const int Seed = 12345;
    private const int Users = 60;

    [Theory]
    [InlineData(SplitKind.UserTime)]
    [InlineData(SplitKind.GlobalTime)]
    public void Prepare_OneTrainingLabelFlipped_ThatRowsFeaturesFedToMlNetAreUnchanged(SplitKind kind)
    {
        var baseline = PolicyTraining.Prepare(TestData.Subset(Users), kind, Seed);
        var target = baseline.Split.Train[baseline.Split.Train.Count / 2];
        var flipped = PolicyTraining.Prepare(TestData.Subset(Users, r => r == target ? r with { Value = target.IsClick() ? 1f : 5f } : r), kind, Seed);

        var index = IndexOf(flipped.Data.Train, target);
        Assert.Equal(IndexOf(baseline.Data.Train, target), index);
        Assert.NotEqual(baseline.Data.Train[index].Label, flipped.Data.Train[index].Label);
        Assert.Equal(MlNetFeatures(baseline.Data.Train)[index], MlNetFeatures(flipped.Data.Train)[index]);
    }

    [Theory]
    [InlineData(SplitKind.UserTime)]
    [InlineData(SplitKind.GlobalTime)]
    public void Prepare_EveryTestLabelFlipped_TrainingFeaturesAndFeatureStateAreUnchanged(SplitKind kind)
    {
        var baseline = PolicyTraining.Prepare(TestData.Subset(Users), kind, Seed);
        var testWindow = baseline.Split.Test.ToHashSet();
        var changed = PolicyTraining.Prepare(TestData.Subset(Users, r => testWindow.Contains(r) ? r with { Value = r.IsClick() ? 1f : 5f } : r), kind, Seed);

        // The models are trained on these rows and evaluated with this state: neither may see the test window's labels.
        Assert.Equal(MlNetFeatures(baseline.Data.Train), MlNetFeatures(changed.Data.Train));
        Assert.Equal(baseline.Data.Test.Select(e => e.Features), changed.Data.Test.Select(e => e.Features));
        Assert.All(baseline.Data.Test.Zip(changed.Data.Test), pair => Assert.NotEqual(pair.First.Label, pair.Second.Label));
        Assert.Equal(baseline.Data.State.PositiveCount, changed.Data.State.PositiveCount);
    }

    [Fact]
    public void Prepare_FeatureState_CountsOnlyTheTrainingWindow()
    {
        var prepared = PolicyTraining.Prepare(TestData.Subset(Users), SplitKind.GlobalTime, Seed);

        Assert.Equal(prepared.Split.Train.Count, prepared.Data.State.RatingCount);
        Assert.Equal(prepared.Split.Train.Count(r => r.IsClick()), prepared.Data.State.PositiveCount);
        Assert.True(prepared.Split.Train.Max(r => r.Timestamp) <= prepared.Split.Test.Min(r => r.Timestamp));
    }

    [Fact]
    public void Score_Baseline_IsTheTrainingWindowItemRate()
    {
        var prepared = PolicyTraining.Prepare(TestData.Subset(Users), SplitKind.UserTime, Seed);

        var scored = OfflineExperiment.Score(prepared, []);

        var baseline = scored.Scores[Policies.Baseline];
        Assert.All(Enumerable.Range(0, prepared.Data.Test.Count), i =>
            Assert.Equal(prepared.Data.Test[i].Features[FeatureSpec.ItemPositiveRate], baseline[i]));
    }

    private static int IndexOf(IReadOnlyList<CtrExample> examples, Rating rating)
    {
        for (var i = 0; i < examples.Count; i++)
        {
            if (examples[i].UserId == rating.UserId && examples[i].MovieId == rating.MovieId && examples[i].Timestamp == rating.Timestamp)
            {
                return i;
            }
        }

        throw new InvalidOperationException("rating not among the examples");
    }

    /// <summary>The Features column exactly as ML.NET reads it from the data view the Trainer fits on.</summary>
    private static List<float[]> MlNetFeatures(IReadOnlyList<CtrExample> examples)
    {
        var view = PolicyFitter.ToDataView(new MLContext(0), examples);
        var column = view.Schema[CtrInput.FeaturesColumn];
        var rows = new List<float[]>(examples.Count);
        using var cursor = view.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var buffer = default(VBuffer<float>);
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            rows.Add(buffer.DenseValues().ToArray());
        }

        return rows;
    }
}
