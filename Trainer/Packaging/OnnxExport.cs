using Bandit.MovieLens.Features;
using Bandit.Training.Modeling;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Bandit.Trainer.Packaging;

/// <summary>
/// ML.NET's ONNX export (<c>Microsoft.ML.OnnxConverter</c>) of a fitted policy over the feature vector: one input
/// <c>Features</c> (float32, [-1, 29]) and the outputs <c>Score.output</c>, <c>Probability.output</c> (float32, [-1, 1]),
/// <c>PredictedLabel.output</c> and <c>Features.output</c>, opset <see cref="OpsetVersion"/>. The graph is built from a
/// Features-only view, so it has no <c>Label</c> input. A pipeline with a step the converter cannot express (Policy C:
/// the custom field split and the field-aware factorization machine have no ONNX form in ML.NET) is not exported:
/// <see cref="TryWrite"/> returns why, and the package simply has no <c>onnx</c> flavor.
/// </summary>
public static class OnnxExport
{
    public const string FileName = "model.onnx";
    public const string FlavorName = "onnx";
    public const int OpsetVersion = 12;
    public const string ProbabilityOutput = CtrOutput.ProbabilityColumn + ".output";

    private static readonly SchemaDefinition _featuresOnly = SchemaDefinition.Create(typeof(FeaturesRow));

    /// <summary>Writes <paramref name="path"/> and returns null, or returns why the model cannot be exported (and leaves no file).</summary>
    public static string? TryWrite(FittedPolicy policy, IReadOnlyList<CtrExample> examples, string path)
    {
        var rows = examples.Take(16).Select(e => new FeaturesRow { Features = e.Features }).DefaultIfEmpty(new FeaturesRow()).ToArray();
        try
        {
            using (var stream = File.Create(path))
            {
                policy.Context.Model.ConvertToOnnx(policy.Model, policy.Context.Data.LoadFromEnumerable(rows, _featuresOnly), OpsetVersion, stream);
            }

            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            File.Delete(path);
            var steps = policy.Model is IEnumerable<ITransformer> chain ? string.Join(" → ", chain.Select(StepName)) : StepName(policy.Model);
            return $"ML.NET's ONNX converter cannot export {policy.Definition.Trainer} ({steps}): {e.Message}";
        }
    }

    private static string StepName(ITransformer step)
    {
        var name = step.GetType().Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }

    private sealed class FeaturesRow
    {
        [ColumnName(CtrInput.FeaturesColumn)]
        [VectorType(FeatureSpec.Length)]
        public float[] Features { get; set; } = new float[FeatureSpec.Length];
    }
}
