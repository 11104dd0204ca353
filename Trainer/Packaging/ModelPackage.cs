using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bandit.Contracts.Flavors;
using Bandit.Mlflow;
using Bandit.MovieLens.Features;
using Bandit.Training.Modeling;

namespace Bandit.Trainer.Packaging;

/// <summary>
/// Writes one policy as an MLflow model folder (the contract in Trainer/README.md): <c>MLmodel</c> with the
/// <c>mlnet</c> flavor, an <c>onnx</c> flavor when ML.NET can export the model (<see cref="OnnxExport"/>), a signature
/// and the input example's info; <c>model.zip</c> (ML.NET, with its input schema), <c>model.onnx</c>,
/// <c>feature_state.json</c>, <c>feature_spec.json</c>, <c>input_example.json</c> and <c>serving_input_example.json</c>.
/// The MLmodel's <c>run_id</c> is filled in by the publisher.
/// </summary>
public static class ModelPackage
{
    public const string ModelFile = "model.zip";
    public const string FeatureSpecFile = "feature_spec.json";
    public const string InputExampleFile = "input_example.json";
    public const string ServingInputExampleFile = "serving_input_example.json";

    /// <summary>The ONNX converter package version (Directory.Packages.props).</summary>
    public const string OnnxConverterVersion = "0.24.0";

    /// <summary>The ML.NET package version the models are saved with.</summary>
    public const string MlnetVersion = "6.0.0";

    /// <summary>The MLflow version the MLmodel file's layout follows.</summary>
    public const string MlflowVersion = "3.6.0";

    /// <summary>The signature's inputs: one float32 tensor <c>Features</c> of <see cref="FeatureSpec.Length"/> columns.</summary>
    public static readonly string SignatureInputs =
        "[{\"type\": \"tensor\", \"name\": \"Features\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1, " + FeatureSpec.Length.ToString(CultureInfo.InvariantCulture) + "]}}]";

    public const string SignatureOutputs = "[{\"type\": \"tensor\", \"name\": \"Probability\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1]}}]";

    private static readonly JsonSerializerOptions _indented = new() { WriteIndented = true };

    /// <summary>Writes the folder; the result says whether an <c>onnx</c> flavor was written, and if not, why.</summary>
    public static PackagedModel Write(string folder, FittedPolicy policy, FeatureState state, IReadOnlyList<CtrExample> examples)
    {
        Directory.CreateDirectory(folder);
        policy.Save(Path.Combine(folder, ModelFile));
        state.SaveFile(Path.Combine(folder, FeatureState.FileName));
        File.WriteAllText(Path.Combine(folder, FeatureSpecFile), FeatureSpecJson());
        var example = examples.Take(3).ToList();
        File.WriteAllText(Path.Combine(folder, InputExampleFile), InputExampleJson(example));
        File.WriteAllText(Path.Combine(folder, ServingInputExampleFile), ServingInputExampleJson(example));
        var onnxFailure = OnnxExport.TryWrite(policy, examples, Path.Combine(folder, OnnxExport.FileName));

        var file = MlModelFile.Create(Bandit.Mlflow.Publishing.ModelPublisher.ModelArtifactPath, runId: null);
        file.MlflowVersion = MlflowVersion;
        file.Flavors[MlnetFlavor.Name] = new MlnetFlavor(ModelFile, FeatureState.FileName, FeatureSpecFile, FeatureSpec.Version,
            policy.Definition.Policy, policy.Definition.Trainer, MlnetVersion).ToSettings();
        if (onnxFailure is null)
        {
            // What mlflow.onnx.load_model reads (data); providers as mlflow.onnx writes them for a CPU model.
            file.Flavors[OnnxExport.FlavorName] = new Dictionary<string, object?>
            {
                ["data"] = OnnxExport.FileName,
                ["providers"] = new[] { "CPUExecutionProvider" },
                ["opset_version"] = OnnxExport.OpsetVersion,
                ["input"] = CtrInput.FeaturesColumn,
                ["output"] = OnnxExport.ProbabilityOutput,
                ["producer"] = "Microsoft.ML.OnnxConverter " + OnnxConverterVersion,
            };
        }

        file.Signature = new MlModelSignature { Inputs = SignatureInputs, Outputs = SignatureOutputs };
        file.SavedInputExampleInfo = new Dictionary<string, object?>
        {
            ["artifact_path"] = InputExampleFile,
            ["serving_input_path"] = ServingInputExampleFile,
            ["type"] = "ndarray",
        };
        file.ModelSizeBytes = Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length);
        file.Save(folder);
        return new PackagedModel(folder, onnxFailure);
    }

    /// <summary><c>{"version": "ctr-features/1", "length": 31, "names": [...]}</c>.</summary>
    public static string FeatureSpecJson() => new JsonObject
    {
        ["version"] = FeatureSpec.Version,
        ["length"] = FeatureSpec.Length,
        ["names"] = new JsonArray([.. FeatureSpec.Names.Select(n => (JsonNode?)n)]),
    }.ToJsonString(_indented);

    /// <summary>MLflow's input example of a dict of tensors (what <c>mlflow.models.Model.load_input_example</c> returns as
    /// <c>{"Features": ndarray}</c>): <c>{"Features": [[...29 floats], ...]}</c>.</summary>
    public static string InputExampleJson(IEnumerable<CtrExample> examples) => Tensors(examples).ToJsonString(_indented);

    /// <summary>The same rows as a scoring-server request: <c>{"inputs": {"Features": [[...], ...]}}</c>.</summary>
    public static string ServingInputExampleJson(IEnumerable<CtrExample> examples) => new JsonObject { ["inputs"] = Tensors(examples) }.ToJsonString(_indented);

    private static JsonObject Tensors(IEnumerable<CtrExample> examples)
    {
        var rows = new JsonArray();
        foreach (var example in examples)
        {
            rows.Add(new JsonArray([.. example.Features.Select(v => (JsonNode?)JsonValue.Create(Math.Round((double)v, 6)))]));
        }

        return new JsonObject { [CtrInput.FeaturesColumn] = rows };
    }
}

/// <summary>A written model folder and, when it has no <c>onnx</c> flavor, why the ONNX export failed.</summary>
public sealed record PackagedModel(string Folder, string? OnnxFailure)
{
    /// <summary>The <c>bandit.onnx</c> tag: <c>model.onnx (opset 12)</c> or <c>not exported: …</c>.</summary>
    public string OnnxStatus => OnnxFailure is null ? $"{OnnxExport.FileName} (opset {OnnxExport.OpsetVersion})" : "not exported: " + OnnxFailure;
}
