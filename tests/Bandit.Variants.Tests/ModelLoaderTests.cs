using Bandit.MovieLens.Features;
using Bandit.Variants.Serving;
using Bandit.Variants.Serving.Ranking;
using Bandit.Variants.Tests.Support;
using Microsoft.ML;

namespace Bandit.Variants.Tests;

/// <summary>What makes a downloaded version servable, checked before it can replace the model in service.</summary>
public sealed class ModelLoaderTests
{
    [Theory]
    [InlineData(TestModelKind.Logistic, "logistic_regression", LinearCtrModel.EngineName)]
    [InlineData(TestModelKind.LightGbm, "lightgbm", UserListRanker.EngineName)]
    [InlineData(TestModelKind.BinnedLogistic, "logistic_regression", MlNetRanker.EngineName)]
    [InlineData(TestModelKind.FieldAwareFm, "field_aware_fm", FieldAwareCtrModel.EngineName)]
    public void LoadFolder_GoodPackage_LoadsARankerForTheWholeCatalogue(TestModelKind kind, string trainer, string engine)
    {
        var folder = ModelPublisher.Stage(Package(kind), "run-1");
        try
        {
            var (flavor, ranker, runId, fallback) = ModelLoader.LoadFolder(folder);
            if (ranker is WarmingTreeRanker warming)
            {
                // A tree ensemble serves per request at once (ExactTreeRanker), then from the lists built in the background.
                Assert.True(warming.WaitForLists(TimeSpan.FromMinutes(5)), "the user lists were not built");
            }

            Assert.Equal(trainer, flavor.Trainer);
            Assert.Equal(FeatureSpec.Version, flavor.FeatureSpecVersion);
            Assert.Equal("run-1", runId);
            Assert.Equal(engine, ranker.Engine);
            Assert.Equal(engine == MlNetRanker.EngineName, fallback is not null);
            Assert.Equal(TestModels.Data.Movies.Count, ranker.State.CatalogueIds.Count);
            Assert.Equal(5, ranker.TopK(userId: 1, k: 5, exclude: null).Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(TestModelKind.Logistic, LinearCtrModel.EngineName)]
    [InlineData(TestModelKind.LightGbm, ResolvedTreeCtrModel.EngineName)]
    [InlineData(TestModelKind.LightGbm, TreeEnsembleCtrModel.EngineName)]
    [InlineData(TestModelKind.FieldAwareFm, FieldAwareCtrModel.EngineName)]
    public void CompiledRanker_RanksExactlyAsTheMlNetPipeline(TestModelKind kind, string engine)
    {
        // Arrange: the same saved model through ML.NET and compiled (for the FFM, the row-normalising form it was trained with).
        var ml = new MLContext(seed: 0);
        ml.ComponentCatalog.RegisterAssembly(typeof(CtrFieldsMapping).Assembly);
        var model = ml.Model.Load(Path.Combine(Package(kind).Folder, "model.zip"), out _);
        var state = FeatureState.LoadFile(Path.Combine(Package(kind).Folder, FeatureState.FileName));
        var reference = new MlNetRanker(new CandidateScorer(ml, model, state));
        var compiled = new CompiledRanker(CtrModelCompiler.TryCompile(model, state, out _).First(m => m.Engine == engine), state);
        var exclude = new HashSet<int> { 1, 2, 3, 260, 296 };

        // Act & Assert: known users 1–5, an unknown one, with and without exclusions.
        foreach (var user in new[] { 1, 2, 3, 4, 5, 9999 })
        {
            foreach (var excluded in new[] { null, exclude })
            {
                var expected = reference.TopK(user, 50, excluded);
                var actual = compiled.TopK(user, 50, excluded);
                Assert.Equal(expected.Select(m => m.MovieId), actual.Select(m => m.MovieId));
                Assert.All(expected.Zip(actual), pair => Assert.InRange(pair.Second.Probability - pair.First.Probability, -CtrModelCompiler.Tolerance, CtrModelCompiler.Tolerance));
            }
        }
    }

    [Theory]
    [InlineData(Breakage.WrongFeatureSpec, "ctr-features/0")]
    [InlineData(Breakage.CorruptModel, "model.zip")]
    [InlineData(Breakage.NoMlnetFlavor, "no 'mlnet' flavor")]
    [InlineData(Breakage.NoMlModel, "no MLmodel")]
    [InlineData(Breakage.MalformedMlModel, "not valid YAML")]
    [InlineData(Breakage.PathTraversal, "outside the model folder")]
    [InlineData(Breakage.CorruptFeatureState, "feature_state.json")]
    public void LoadFolder_BrokenPackage_ThrowsModelLoadExceptionSayingWhy(Breakage breakage, string reason)
    {
        var folder = ModelPublisher.Stage(TestModels.Logistic, "run-1", breakage);
        try
        {
            var error = Assert.Throws<ModelLoadException>(() => ModelLoader.LoadFolder(folder));

            Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static TestModelPackage Package(TestModelKind kind) => kind switch
    {
        TestModelKind.Logistic => TestModels.Logistic,
        TestModelKind.LightGbm => TestModels.LightGbm,
        TestModelKind.FieldAwareFm => TestModels.FieldAwareFm,
        _ => TestModels.BinnedLogistic,
    };
}
