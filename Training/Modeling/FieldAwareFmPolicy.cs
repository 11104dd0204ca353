using System.Globalization;
using Bandit.MovieLens.Features;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace Bandit.Training.Modeling;

/// <summary>
/// Policy C: a field-aware factorization machine (ML.NET's, trained by AdaGrad SGD) over the same feature vector,
/// split into the <see cref="CtrFields"/> fields (user, item, genres, user–genre match) after min-max scaling. Unlike
/// A (one weight per feature) and B (trees), it learns a latent vector per (feature, field), so every user × item
/// feature pair gets an interaction weight ⟨v_{i,F(j)}, v_{j,F(i)}⟩. Each row is scaled to unit length (LIBFFM's
/// normalisation). The latent dimension is a multiple of 8: ML.NET's AVX/FMA kernels work in blocks of 8.
/// Single-threaded by construction; on ml-latest-small a fit takes a few seconds.
/// </summary>
public sealed class FieldAwareFmPolicy : IPolicyModel
{
    public const int LatentDimension = 8;
    public const int Iterations = 10;
    public const float LearningRate = 0.1f;
    public const float LambdaLinear = 1e-4f;
    public const float LambdaLatent = 1e-4f;

    public string Policy => Policies.PolicyC;

    public string Trainer => "field_aware_fm";

    public IReadOnlyDictionary<string, string> HyperParameters { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["normalization"] = "min_max+unit_length",
        ["fields"] = CtrFields.Contract,
        ["latent_dimension"] = LatentDimension.ToString(CultureInfo.InvariantCulture),
        ["iterations"] = Iterations.ToString(CultureInfo.InvariantCulture),
        ["learning_rate"] = LearningRate.ToString(CultureInfo.InvariantCulture),
        ["lambda_linear"] = LambdaLinear.ToString(CultureInfo.InvariantCulture),
        ["lambda_latent"] = LambdaLatent.ToString(CultureInfo.InvariantCulture),
        ["shuffle"] = "true",
    };

    public IEstimator<ITransformer> Build(MLContext mlContext) =>
        mlContext.Transforms.NormalizeMinMax(CtrInput.FeaturesColumn)
            .Append(mlContext.Transforms.CustomMapping<CtrFieldsInput, CtrFieldsOutput>(CtrFieldsMapping.Map, CtrFields.Contract))
            .Append(mlContext.BinaryClassification.Trainers.FieldAwareFactorizationMachine(new FieldAwareFactorizationMachineTrainer.Options
            {
                LabelColumnName = CtrInput.LabelColumn,
                FeatureColumnName = CtrFields.All[0].Column,
                ExtraFeatureColumns = CtrFields.ExtraColumns,
                LatentDimension = LatentDimension,
                NumberOfIterations = Iterations,
                LearningRate = LearningRate,
                LambdaLinear = LambdaLinear,
                LambdaLatent = LambdaLatent,
                NormalizeFeatures = true,
                Shuffle = true,
                Verbose = false,
            }));
}
