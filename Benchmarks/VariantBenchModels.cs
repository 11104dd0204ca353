using System.Diagnostics;
using System.Text.Json;
using Bandit.Contracts;
using Bandit.Contracts.Flavors;
using Bandit.Mlflow;
using Bandit.MovieLens;
using Bandit.MovieLens.Features;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;

namespace Bandit.Benchmarks;

/// <summary>
/// Real models for the variant benchmark: trained on all of ml-latest-small (100,836 ratings, out-of-fold features)
/// with the MovieLens feature code, packaged in the Trainer's artifact layout (MLmodel with the <c>mlnet</c> flavor,
/// model.zip, feature_state.json, feature_spec.json) and registered through the MLflow client.
/// </summary>
internal static class VariantBenchModels
{
    public const string Logistic = "logistic";
    public const string LightGbm = "lightgbm";

    public static (MovieLensDataset Data, IReadOnlyList<CtrExample> Examples, FeatureState State) Prepare()
    {
        var clock = Stopwatch.StartNew();
        var data = MovieLensLoader.Load(MovieLensDataSets.LocateShipped());
        var examples = TrainingSetBuilder.Build(data.Ratings, data.MoviesById);
        var state = FeatureState.Build(data.Ratings, data.MoviesById);
        Console.WriteLine($"features: {examples.Count:N0} rows, {state.CatalogueIds.Count:N0} movies, {state.UserCount} users in {clock.Elapsed.TotalSeconds:F1} s");
        return (data, examples, state);
    }

    /// <summary>Trains <paramref name="kind"/>, publishes it as a new version of <paramref name="modelName"/> and returns the version.</summary>
    public static async Task<ModelVersion> PublishAsync(MlflowClient client, string modelName, string kind, IReadOnlyList<CtrExample> examples, FeatureState state, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var folder = Path.Combine(Path.GetTempPath(), "bandit-variant-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var ml = new MLContext(seed: 11);
            var data = ml.ToDataView(examples);
            // The Trainer's policies (Trainer/Modeling): mean-variance + L-BFGS logistic regression, and LightGBM with
            // 300 trees of 31 leaves — the size that decides Policy B's serving cost.
            IEstimator<ITransformer> estimator = kind == Logistic
                ? ml.Transforms.NormalizeMeanVariance(CtrInput.FeaturesColumn).Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(
                    new LbfgsLogisticRegressionBinaryTrainer.Options { LabelColumnName = CtrInput.LabelColumn, FeatureColumnName = CtrInput.FeaturesColumn, NumberOfThreads = 1 }))
                : ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
                {
                    LabelColumnName = CtrInput.LabelColumn,
                    FeatureColumnName = CtrInput.FeaturesColumn,
                    NumberOfIterations = 300,
                    NumberOfLeaves = 31,
                    LearningRate = 0.05,
                    MinimumExampleCountPerLeaf = 50,
                    Booster = new GradientBooster.Options { L2Regularization = 1.0 },
                    Seed = 11,
                    Deterministic = true,
                    ForceColumnWise = true,
                    NumberOfThreads = 1,
                    Silent = true,
                });
            var model = estimator.Fit(data);
            ml.Model.Save(model, data.Schema, Path.Combine(folder, "model.zip"));
            state.SaveFile(Path.Combine(folder, FeatureState.FileName));
            File.WriteAllText(Path.Combine(folder, "feature_spec.json"), JsonSerializer.Serialize(new { version = FeatureSpec.Version, names = FeatureSpec.Names }));

            var experimentId = await client.GetOrCreateExperimentAsync("variant-bench", cancellationToken);
            var run = await client.CreateRunAsync(experimentId, kind, cancellationToken: cancellationToken);
            var mlModel = MlModelFile.Create("model", run.Info.RunId);
            mlModel.Flavors[MlnetFlavor.Name] = new MlnetFlavor("model.zip", FeatureState.FileName, "feature_spec.json", FeatureSpec.Version,
                kind == Logistic ? RegistryNames.PolicyA : RegistryNames.PolicyB, kind == Logistic ? "logistic_regression" : "lightgbm", "5.0.1").ToSettings();
            mlModel.Save(folder);
            await client.UploadDirectoryAsync(run.Info.ArtifactUri!, folder, "model", cancellationToken);
            await client.GetOrCreateRegisteredModelAsync(modelName, cancellationToken: cancellationToken);
            var version = await client.CreateModelVersionAsync(modelName, run.Info.ArtifactUri + "/model", run.Info.RunId, cancellationToken: cancellationToken);
            Console.WriteLine($"{kind}: trained and registered as {modelName} v{version.Version} in {clock.Elapsed.TotalSeconds:F1} s");
            return version;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
