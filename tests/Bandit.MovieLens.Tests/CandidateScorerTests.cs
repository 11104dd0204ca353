using Bandit.MovieLens.Features;
using Microsoft.ML;

namespace Bandit.MovieLens.Tests;

/// <summary>A tiny logistic-regression model trained on 500 ml-latest-small rows, saved to and loaded from a zip in a temp folder.</summary>
public sealed class ScorerFixture : IDisposable
{
    private readonly TempFolder _temp = new();

    public ScorerFixture()
    {
        var data = MovieLensLoader.Load(TestData.LatestSmallFolder);
        Split = Splitter.UserTime(data.Ratings);
        State = FeatureState.Build(Split.Train, data.MoviesById);
        var sample = Split.Train.Where((_, i) => i % 160 == 0).ToList();
        var examples = TrainingSetBuilder.Build(sample, data.MoviesById);

        Ml = new MLContext(seed: 1);
        var trainView = Ml.ToDataView(examples);
        var pipeline = Ml.Transforms.NormalizeMinMax(CtrInput.FeaturesColumn)
            .Append(Ml.BinaryClassification.Trainers.SdcaLogisticRegression(CtrInput.LabelColumn, CtrInput.FeaturesColumn, maximumNumberOfIterations: 20));
        var model = pipeline.Fit(trainView);
        ModelPath = Path.Combine(_temp.Path, "model.zip");
        Ml.Model.Save(model, trainView.Schema, ModelPath);
        Model = Ml.Model.Load(ModelPath, out _);
    }

    public DataSplit Split { get; }

    public FeatureState State { get; }

    public MLContext Ml { get; }

    public string ModelPath { get; }

    /// <summary>The model as a variant gets it: loaded from the zip.</summary>
    public ITransformer Model { get; }

    public void Dispose() => _temp.Dispose();
}

public sealed class CandidateScorerTests(ScorerFixture fixture) : IClassFixture<ScorerFixture>
{
    private readonly CandidateScorer _scorer = new(fixture.Ml, fixture.Model, fixture.State);

    [Fact]
    public void TopK_KnownUser_LeavesOutRatedAndExcludedMoviesAndSortsDescending()
    {
        const int user = 1;
        var first = _scorer.TopK(user, 10);
        var exclude = first.Take(3).Select(s => s.MovieId).ToHashSet();

        var top = _scorer.TopK(user, 10, exclude);

        Assert.Equal(10, top.Count);
        Assert.NotEmpty(fixture.State.RatedBy(user));
        Assert.DoesNotContain(top, s => fixture.State.RatedBy(user).Contains(s.MovieId) || exclude.Contains(s.MovieId));
        Assert.Equal(top.OrderByDescending(s => s.Probability).ThenBy(s => s.MovieId), top);
        Assert.Equal(first.Skip(3).Take(7), top.Take(7)); // excluding the best three shifts the ranking up
        Assert.All(top, s => Assert.InRange(s.Probability, 0f, 1f));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(123_456)] // not in the data: the cold-start ranking
    public void TopK_EqualsAFullSortOfEveryCandidatesScore(int user)
    {
        var candidates = fixture.State.CatalogueIds.Where(id => !fixture.State.RatedBy(user).Contains(id)).ToList();
        var scores = _scorer.Score(user, candidates);
        var expected = candidates.Select((id, i) => new ScoredMovie(id, scores[i]))
            .OrderByDescending(s => s.Probability).ThenBy(s => s.MovieId).Take(25);

        Assert.Equal(expected, _scorer.TopK(user, 25));
    }

    [Fact]
    public void Score_Batch_MatchesOnePredictionPerMovie()
    {
        // The batch keeps input order: compare with a PredictionEngine (fine in a test, never per request in a service).
        var engine = fixture.Ml.Model.CreatePredictionEngine<CtrInput, CtrOutput>(fixture.Model);
        var movies = fixture.State.CatalogueIds.Take(200).Reverse().ToList();

        var batch = _scorer.Score(7, movies);

        for (var i = 0; i < movies.Count; i++)
        {
            var single = engine.Predict(new CtrInput { Features = fixture.State.Featurize(7, movies[i]) });
            Assert.Equal(single.Probability, batch[i], 5);
        }
    }

    [Fact]
    public void TopK_UnknownUser_ReturnsColdStartRankingOfTheWholeCatalogue()
    {
        var top = _scorer.TopK(987_654, 10);

        Assert.Equal(10, top.Count);
        Assert.Equal(top.OrderByDescending(s => s.Probability).ThenBy(s => s.MovieId), top);
        Assert.Equal(top, _scorer.TopK(987_655, 10)); // every unknown user gets the same ranking
    }

    [Fact]
    public void TopK_ConcurrentCalls_AgreeWithASequentialCall()
    {
        var expected = _scorer.TopK(42, 20);
        var results = new IReadOnlyList<ScoredMovie>[6];

        Parallel.For(0, results.Length, i => results[i] = _scorer.TopK(42, 20));

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void TopK_KLargerThanCandidates_ReturnsEveryCandidate_AndBadKIsRefused()
    {
        var all = fixture.State.CatalogueIds.Where(id => id != 1).ToHashSet();

        var top = _scorer.TopK(123_456, 10, all);

        Assert.Equal([1], top.Select(s => s.MovieId));
        Assert.Throws<ArgumentOutOfRangeException>(() => _scorer.TopK(1, 0));
    }
}
