using System.Text.Json;
using Bandit.MovieLens;
using Bandit.MovieLens.Features;
using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace Bandit.Variants.Tests.Support;

/// <summary>Which kind of model a package holds.</summary>
public enum TestModelKind
{
    /// <summary>Min-max normalisation + L-BFGS logistic regression (Policy A's kind).</summary>
    Logistic,

    /// <summary>A small LightGBM (Policy B's kind): proves the service loads LightGBM models.</summary>
    LightGbm,

    /// <summary>Bin normalisation + logistic regression: a pipeline the compiler does not handle (ML.NET scores it).</summary>
    BinnedLogistic,

    /// <summary>Min-max, the CtrFields split and a field-aware factorization machine (Policy C's kind).</summary>
    FieldAwareFm,
    /// <summary>A LightGBM trained on all of ml-latest-small (every user known): checks Policy B's ranking for every user.</summary>
    LightGbmEveryUser,
}

/// <summary>A model folder in the Trainer's artifact layout, minus the MLmodel file (written at publish time, with the run id).</summary>
public sealed record TestModelPackage(TestModelKind Kind, string Folder, string Policy, string Trainer);

/// <summary>
/// Real, small model versions for tests, built once per test run: the MovieLens feature code on the ratings of
/// users 1–5 of ml-latest-small (560 rows, out-of-fold features), trained with ML.NET and saved in the layout the
/// Trainer publishes (<c>model.zip</c>, <c>feature_state.json</c>, <c>feature_spec.json</c>, <c>input_example.json</c>).
/// The catalogue is the full one (9,742 movies), so a variant ranks as many candidates as in production. Copy the
/// idea for other services' tests; <see cref="ModelPublisher"/> registers a package in a registry.
/// </summary>
public static class TestModels
{
    /// <summary>The users whose ratings train the models: known users; any other id is a cold start.</summary>
    public static readonly IReadOnlySet<int> TrainingUsers = new HashSet<int> { 1, 2, 3, 4, 5 };

    private static readonly Lazy<MovieLensDataset> _data = new(() => MovieLensLoader.Load(MovieLensDataSets.LocateShipped()));
    private static readonly Lazy<IReadOnlyList<Rating>> _train = new(() => [.. _data.Value.Ratings.Where(r => TrainingUsers.Contains(r.UserId))]);
    private static readonly Lazy<TestModelPackage> _logistic = new(() => Build(TestModelKind.Logistic));
    private static readonly Lazy<TestModelPackage> _lightGbm = new(() => Build(TestModelKind.LightGbm));
    private static readonly Lazy<TestModelPackage> _binned = new(() => Build(TestModelKind.BinnedLogistic));
    private static readonly Lazy<TestModelPackage> _fieldAware = new(() => Build(TestModelKind.FieldAwareFm));
    private static readonly Lazy<TestModelPackage> _everyUser = new(() => Build(TestModelKind.LightGbmEveryUser));

    public static MovieLensDataset Data => _data.Value;

    public static IReadOnlyList<Rating> TrainingRatings => _train.Value;

    public static TestModelPackage Logistic => _logistic.Value;

    public static TestModelPackage LightGbm => _lightGbm.Value;

    public static TestModelPackage BinnedLogistic => _binned.Value;

    public static TestModelPackage FieldAwareFm => _fieldAware.Value;

    /// <summary>40 trees of 15 leaves on all 100,836 ratings (a few seconds to train), so all 610 users are known.</summary>
    public static TestModelPackage LightGbmEveryUser => _everyUser.Value;

    /// <summary>The movies <paramref name="userId"/> rated in the training rows.</summary>
    public static IReadOnlySet<int> RatedBy(int userId) => TrainingRatings.Where(r => r.UserId == userId).Select(r => r.MovieId).ToHashSet();

    private static TestModelPackage Build(TestModelKind kind)
    {
        var folder = Path.Combine(Path.GetTempPath(), "bandit-variants-tests", $"{kind}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var ml = new MLContext(seed: 7);
        var ratings = kind == TestModelKind.LightGbmEveryUser ? Data.Ratings : TrainingRatings;
        var examples = TrainingSetBuilder.Build(ratings, Data.MoviesById);
        var data = ml.ToDataView(examples);
        IEstimator<ITransformer> estimator = kind switch
        {
            TestModelKind.Logistic => ml.Transforms.NormalizeMinMax(CtrInput.FeaturesColumn)
                .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(CtrInput.LabelColumn, CtrInput.FeaturesColumn)),
            TestModelKind.BinnedLogistic => ml.Transforms.NormalizeBinning(CtrInput.FeaturesColumn)
                .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(CtrInput.LabelColumn, CtrInput.FeaturesColumn)),
            TestModelKind.FieldAwareFm => ml.Transforms.NormalizeMinMax(CtrInput.FeaturesColumn)
                .Append(ml.Transforms.CustomMapping<CtrFieldsInput, CtrFieldsOutput>(CtrFieldsMapping.Map, CtrFields.Contract))
                .Append(ml.BinaryClassification.Trainers.FieldAwareFactorizationMachine(new Microsoft.ML.Trainers.FieldAwareFactorizationMachineTrainer.Options
                {
                    LabelColumnName = CtrInput.LabelColumn,
                    FeatureColumnName = CtrFields.UserColumn,
                    ExtraFeatureColumns = CtrFields.ExtraColumns,
                    LatentDimension = 8,
                    NumberOfIterations = 5,
                })),
            TestModelKind.LightGbmEveryUser => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                LabelColumnName = CtrInput.LabelColumn,
                FeatureColumnName = CtrInput.FeaturesColumn,
                NumberOfLeaves = 15,
                MinimumExampleCountPerLeaf = 50,
                NumberOfIterations = 40,
                Seed = 7,
                Deterministic = true,
                NumberOfThreads = 1,
                Silent = true,
            }),
            _ => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                LabelColumnName = CtrInput.LabelColumn,
                FeatureColumnName = CtrInput.FeaturesColumn,
                NumberOfLeaves = 4,
                MinimumExampleCountPerLeaf = 10,
                NumberOfIterations = 20,
                Seed = 7,
                NumberOfThreads = 1,
            }),
        };
        var model = estimator.Fit(data);
        ml.Model.Save(model, data.Schema, Path.Combine(folder, "model.zip"));
        FeatureState.Build(ratings, Data.MoviesById).SaveFile(Path.Combine(folder, FeatureState.FileName));
        File.WriteAllText(Path.Combine(folder, "feature_spec.json"),
            JsonSerializer.Serialize(new { version = FeatureSpec.Version, length = FeatureSpec.Length, names = FeatureSpec.Names }));
        File.WriteAllText(Path.Combine(folder, "input_example.json"),
            JsonSerializer.Serialize(new { columns = FeatureSpec.Names, data = new[] { examples[0].Features } }));
        return kind switch
        {
            TestModelKind.LightGbm or TestModelKind.LightGbmEveryUser => new TestModelPackage(kind, folder, "PolicyB", "lightgbm"),
            TestModelKind.FieldAwareFm => new TestModelPackage(kind, folder, "PolicyC", "field_aware_fm"),
            _ => new TestModelPackage(kind, folder, "PolicyA", "logistic_regression"),
        };
    }
}
