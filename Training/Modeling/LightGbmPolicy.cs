using System.Globalization;
using Bandit.MovieLens.Features;
using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace Bandit.Training.Modeling;

/// <summary>
/// Policy B: LightGBM gradient-boosted trees with fixed hyper-parameters, LightGBM's deterministic mode and a fixed
/// seed. One LightGBM thread: the Trainer uses the second core by fitting Policy A (and other CV folds) beside it,
/// and LightGBM's OpenMP threads spin-wait, which turns into a crawl on a busy 2-core machine.
/// </summary>
public sealed class LightGbmPolicy(int seed) : IPolicyModel
{
    public const int Trees = 300;
    public const int Leaves = 31;
    public const double LearningRate = 0.05;
    public const int MinimumExamplesPerLeaf = 50;
    public const double L2Regularization = 1.0;
    public const int Threads = 1;

    public string Policy => Policies.PolicyB;

    public string Trainer => "lightgbm";

    public int Seed { get; } = seed;

    public IReadOnlyDictionary<string, string> HyperParameters { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["trees"] = Trees.ToString(CultureInfo.InvariantCulture),
        ["num_leaves"] = Leaves.ToString(CultureInfo.InvariantCulture),
        ["learning_rate"] = LearningRate.ToString(CultureInfo.InvariantCulture),
        ["min_data_per_leaf"] = MinimumExamplesPerLeaf.ToString(CultureInfo.InvariantCulture),
        ["l2_regularization"] = L2Regularization.ToString(CultureInfo.InvariantCulture),
        ["deterministic"] = "true",
        ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
    };

    public IEstimator<ITransformer> Build(MLContext mlContext) =>
        mlContext.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = CtrInput.LabelColumn,
            FeatureColumnName = CtrInput.FeaturesColumn,
            NumberOfIterations = Trees,
            NumberOfLeaves = Leaves,
            LearningRate = LearningRate,
            MinimumExampleCountPerLeaf = MinimumExamplesPerLeaf,
            Booster = new GradientBooster.Options { L2Regularization = L2Regularization },
            Seed = Seed,
            Deterministic = true,
            ForceColumnWise = true,
            NumberOfThreads = Threads,
            Silent = true,
        });
}
