using Bandit.Training;
using System.Text.Json;
using Bandit.Contracts.Flavors;
using Bandit.Mlflow;
using Bandit.MovieLens.Features;
using Bandit.Training.Modeling;
using Bandit.Trainer.Packaging;
using Bandit.Trainer.Pipeline;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Bandit.Trainer.Tests.Packaging;

/// <summary>
/// The MLflow model folder of each policy, from real fits on the first 60 users of ml-latest-small: the ONNX flavor
/// scores exactly as ML.NET (run with ONNX Runtime, the engine behind mlflow.onnx's pyfunc), the input example is in
/// MLflow's layout, and a model ML.NET cannot export has no onnx flavor and says why.
/// </summary>
public sealed class ModelPackageTests(ModelPackageTests.Packages packages) : IClassFixture<ModelPackageTests.Packages>
{
    private const int Seed = 12345;

    /// <summary>ONNX Runtime and ML.NET compute the same float32 graph in a different order: 1e-5 leaves room for
    /// rounding only (the LightGBM sum runs over up to 300 trees in float).</summary>
    private const float Tolerance = 1e-5f;

    private static readonly Lazy<PreparedSplit> _split = new(() => PolicyTraining.Prepare(TestData.Subset(60), SplitKind.UserTime, Seed));

    /// <summary>Each policy fitted and packaged once for the class; the folders are removed at the end.</summary>
    public sealed class Packages : IDisposable
    {
        private readonly Dictionary<string, Lazy<(string Folder, FittedPolicy Fitted, PackagedModel Package)>> _byPolicy =
            Policies.All(Seed).ToDictionary(p => p.Policy, p => new Lazy<(string, FittedPolicy, PackagedModel)>(() => Write(p)));

        public (string Folder, FittedPolicy Fitted, PackagedModel Package) Of(string policy) => _byPolicy[policy].Value;

        public void Dispose()
        {
            foreach (var built in _byPolicy.Values.Where(l => l.IsValueCreated))
            {
                Directory.Delete(built.Value.Folder, recursive: true);
            }
        }

        private static (string, FittedPolicy, PackagedModel) Write(IPolicyModel policy)
        {
            var split = _split.Value;
            var fitted = PolicyFitter.Fit(policy, split.Data.Train, Seed);
            var folder = Directory.CreateTempSubdirectory("model-package-").FullName;
            return (folder, fitted, ModelPackage.Write(folder, fitted, split.Data.State, split.Data.Test));
        }
    }

    [Theory]
    [InlineData(Policies.PolicyA)]
    [InlineData(Policies.PolicyB)]
    public void Write_ExportablePolicy_OnnxFlavorScoresAsMlNet(string policyName)
    {
        var (folder, fitted, package) = packages.Of(policyName);
        var file = MlModelFile.Load(folder);
        Assert.Null(package.OnnxFailure);
        Assert.Equal(OnnxExport.FileName, file.Flavors[OnnxExport.FlavorName]["data"]);
        Assert.Contains(MlnetFlavor.Name, file.Flavors.Keys);

        var test = _split.Value.Data.Test.Take(500).ToList();
        using var session = new InferenceSession(Path.Combine(folder, OnnxExport.FileName));
        var input = new DenseTensor<float>(test.SelectMany(e => e.Features).ToArray(), [test.Count, FeatureSpec.Length]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(CtrInput.FeaturesColumn, input)]);
        var onnx = results.Single(r => r.Name == OnnxExport.ProbabilityOutput).AsEnumerable<float>().ToArray();
        var mlnet = PolicyFitter.Score(fitted, test);

        Assert.Equal([CtrInput.FeaturesColumn], session.InputMetadata.Keys);
        Assert.Equal(mlnet.Length, onnx.Length);
        Assert.All(onnx.Zip(mlnet), p => Assert.InRange(p.First - p.Second, -Tolerance, Tolerance));
    }

    [Fact]
    public void Write_FieldAwareFm_HasNoOnnxFlavorAndSaysWhy()
    {
        var (folder, _, package) = packages.Of(Policies.PolicyC);
        var file = MlModelFile.Load(folder);
        Assert.DoesNotContain(OnnxExport.FlavorName, file.Flavors.Keys);
        Assert.False(File.Exists(Path.Combine(folder, OnnxExport.FileName)));
        Assert.Contains("FieldAwareFactorizationMachinePredictionTransformer", package.OnnxFailure);
        Assert.StartsWith("not exported: ML.NET's ONNX converter cannot export field_aware_fm", package.OnnxStatus);
    }

    [Fact]
    public void Write_InputExample_IsMlflowsTensorDictLayout()
    {
        var (folder, _, _) = packages.Of(Policies.PolicyA);
        var info = MlModelFile.Load(folder).SavedInputExampleInfo!;
        Assert.Equal("input_example.json", info["artifact_path"]);
        Assert.Equal("serving_input_example.json", info["serving_input_path"]);
        Assert.Equal("ndarray", info["type"]);

        using var example = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "input_example.json")));
        using var serving = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "serving_input_example.json")));
        var rows = example.RootElement.GetProperty(CtrInput.FeaturesColumn);
        Assert.Equal(3, rows.GetArrayLength());
        Assert.All(rows.EnumerateArray(), r => Assert.Equal(FeatureSpec.Length, r.GetArrayLength()));
        Assert.True(JsonElement.DeepEquals(rows, serving.RootElement.GetProperty("inputs").GetProperty(CtrInput.FeaturesColumn)));
    }
}
