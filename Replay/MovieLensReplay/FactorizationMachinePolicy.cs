using System.Globalization;
using Bandit.MovieLens.Features;
using Bandit.Trainer.Modeling;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace Bandit.Replay.MovieLensReplay;

/// <summary>
/// The replay's third model family: min-max scaling of the CTR features, then ML.NET's field-aware factorization
/// machine with the whole vector as one field, i.e. a factorization machine: a linear model plus a learnt latent
/// interaction for every pair of features (user affinity × genre, activity × popularity, …), which neither the
/// logistic regression (no interactions) nor the trees (interactions by splits) represent this way. Fitted by the
/// replay, not registered; ML.NET draws its initial latent vectors from the seeded <see cref="MLContext"/>.
/// </summary>
public sealed class FactorizationMachinePolicy : IPolicyModel
{
    public const int LatentDimension = 8;
    public const int Iterations = 20;
    public const float LearningRate = 0.1f;
    public const float LambdaLinear = 1e-4f;
    public const float LambdaLatent = 1e-4f;

    public string Policy => "PolicyC";

    public string Trainer => "factorization_machine";

    public IReadOnlyDictionary<string, string> HyperParameters { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["normalization"] = "min_max",
        ["latent_dimension"] = LatentDimension.ToString(CultureInfo.InvariantCulture),
        ["iterations"] = Iterations.ToString(CultureInfo.InvariantCulture),
        ["learning_rate"] = LearningRate.ToString(CultureInfo.InvariantCulture),
        ["lambda_linear"] = LambdaLinear.ToString(CultureInfo.InvariantCulture),
        ["lambda_latent"] = LambdaLatent.ToString(CultureInfo.InvariantCulture),
    };

    public IEstimator<ITransformer> Build(MLContext mlContext) =>
        mlContext.Transforms.NormalizeMinMax(CtrInput.FeaturesColumn)
            .Append(mlContext.BinaryClassification.Trainers.FieldAwareFactorizationMachine(new FieldAwareFactorizationMachineTrainer.Options
            {
                FeatureColumnName = CtrInput.FeaturesColumn,
                LabelColumnName = CtrInput.LabelColumn,
                LatentDimension = LatentDimension,
                NumberOfIterations = Iterations,
                LearningRate = LearningRate,
                LambdaLinear = LambdaLinear,
                LambdaLatent = LambdaLatent,
                Shuffle = true,
            }));
}
