using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bandit.Mlflow;
using Bandit.MovieLens.Features;
using Bandit.Trainer.Modeling;

namespace Bandit.Trainer.Packaging;

/// <summary>
/// Writes one policy as an MLflow model folder (the contract in Trainer/README.md): <c>MLmodel</c> with the
/// <c>mlnet</c> flavor and a signature, <c>model.zip</c> (ML.NET, with its input schema), <c>feature_state.json</c>,
/// <c>feature_spec.json</c> and <c>input_example.json</c>. The MLmodel's <c>run_id</c> is filled in by the publisher.
/// </summary>
public static class ModelPackage
{
    public const string FlavorName = "mlnet";
    public const string ModelFile = "model.zip";
    public const string FeatureSpecFile = "feature_spec.json";
    public const string InputExampleFile = "input_example.json";

    /// <summary>The ML.NET package version the models are saved with.</summary>
    public const string MlnetVersion = "5.0.1";

    /// <summary>The MLflow version the MLmodel file's layout follows.</summary>
    public const string MlflowVersion = "3.6.0";

    /// <summary>The signature's inputs: one float32 tensor <c>Features</c> of <see cref="FeatureSpec.Length"/> columns.</summary>
    public static readonly string SignatureInputs =
        "[{\"type\": \"tensor\", \"name\": \"Features\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1, " + FeatureSpec.Length.ToString(CultureInfo.InvariantCulture) + "]}}]";

    public const string SignatureOutputs = "[{\"type\": \"tensor\", \"name\": \"Probability\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1]}}]";

    private static readonly JsonSerializerOptions _indented = new() { WriteIndented = true };

    /// <summary>Writes the folder and returns its path.</summary>
    public static string Write(string folder, FittedPolicy policy, FeatureState state, IReadOnlyList<CtrExample> examples)
    {
        Directory.CreateDirectory(folder);
        policy.Save(Path.Combine(folder, ModelFile));
        state.SaveFile(Path.Combine(folder, FeatureState.FileName));
        File.WriteAllText(Path.Combine(folder, FeatureSpecFile), FeatureSpecJson());
        File.WriteAllText(Path.Combine(folder, InputExampleFile), InputExampleJson(examples.Take(3)));

        var file = MlModelFile.Create(Bandit.Mlflow.Publishing.ModelPublisher.ModelArtifactPath, runId: null);
        file.MlflowVersion = MlflowVersion;
        file.Flavors[FlavorName] = new Dictionary<string, object?>
        {
            ["model_file"] = ModelFile,
            ["feature_state"] = FeatureState.FileName,
            ["feature_spec"] = FeatureSpecFile,
            ["feature_spec_version"] = FeatureSpec.Version,
            ["policy"] = policy.Definition.Policy,
            ["trainer"] = policy.Definition.Trainer,
            ["mlnet_version"] = MlnetVersion,
        };
        file.Signature = new MlModelSignature { Inputs = SignatureInputs, Outputs = SignatureOutputs };
        file.ModelSizeBytes = Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length);
        file.Save(folder);
        return folder;
    }

    /// <summary><c>{"version": "ctr-features/1", "length": 31, "names": [...]}</c>.</summary>
    public static string FeatureSpecJson() => new JsonObject
    {
        ["version"] = FeatureSpec.Version,
        ["length"] = FeatureSpec.Length,
        ["names"] = new JsonArray([.. FeatureSpec.Names.Select(n => (JsonNode?)n)]),
    }.ToJsonString(_indented);

    /// <summary>MLflow's tensor input example: <c>{"inputs": {"Features": [[...31 floats], ...]}}</c>.</summary>
    public static string InputExampleJson(IEnumerable<CtrExample> examples)
    {
        var rows = new JsonArray();
        foreach (var example in examples)
        {
            rows.Add(new JsonArray([.. example.Features.Select(v => (JsonNode?)JsonValue.Create(Math.Round((double)v, 6)))]));
        }

        return new JsonObject { ["inputs"] = new JsonObject { [CtrInput.FeaturesColumn] = rows } }.ToJsonString(_indented);
    }
}
