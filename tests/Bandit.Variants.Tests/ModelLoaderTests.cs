using Bandit.MovieLens.Features;
using Bandit.Variants.Serving;
using Bandit.Variants.Tests.Support;

namespace Bandit.Variants.Tests;

/// <summary>What makes a downloaded version servable, checked before it can replace the model in service.</summary>
public sealed class ModelLoaderTests
{
    [Theory]
    [InlineData(TestModelKind.Logistic, "logistic_regression")]
    [InlineData(TestModelKind.LightGbm, "lightgbm")]
    public void LoadFolder_GoodPackage_LoadsAScorerForTheWholeCatalogue(TestModelKind kind, string trainer)
    {
        var package = kind == TestModelKind.Logistic ? TestModels.Logistic : TestModels.LightGbm;
        var folder = ModelPublisher.Stage(package, "run-1");
        try
        {
            var (flavor, scorer, runId) = ModelLoader.LoadFolder(folder);

            Assert.Equal(trainer, flavor.Trainer);
            Assert.Equal(FeatureSpec.Version, flavor.FeatureSpecVersion);
            Assert.Equal("run-1", runId);
            Assert.Equal(TestModels.Data.Movies.Count, scorer.State.CatalogueIds.Count);
            Assert.Equal(5, scorer.TopK(userId: 1, k: 5).Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
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
}
