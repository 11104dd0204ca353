using Bandit.Mlflow;
using Bandit.MovieLens.Features;

namespace Bandit.Variants.Tests.Support;

/// <summary>How a published version departs from a good one, to test that the service refuses it.</summary>
public enum Breakage
{
    None,

    /// <summary>The MLmodel file names a feature-spec version this build does not compute.</summary>
    WrongFeatureSpec,

    /// <summary><c>model.zip</c> is not an ML.NET model.</summary>
    CorruptModel,

    /// <summary>The MLmodel file has no <c>mlnet</c> flavor.</summary>
    NoMlnetFlavor,

    /// <summary>There is no MLmodel file.</summary>
    NoMlModel,

    /// <summary>The flavor's <c>model_file</c> points outside the model folder.</summary>
    PathTraversal,

    /// <summary><c>feature_state.json</c> is not a feature state.</summary>
    CorruptFeatureState,

    /// <summary>The MLmodel file is not YAML.</summary>
    MalformedMlModel,
}

/// <summary>
/// Publishes a <see cref="TestModelPackage"/> the way the Trainer does, through the MLflow REST client: a run in an
/// experiment, the folder uploaded under the run's <c>model/</c> artifacts with an <c>MLmodel</c> file naming the
/// <c>mlnet</c> flavor, and a registered version whose source is the run's artifact URI + <c>/model</c>.
/// </summary>
public static class ModelPublisher
{
    public const string Experiment = "variants-tests";

    public static async Task<ModelVersion> PublishAsync(MlflowClient client, string modelName, TestModelPackage package, Breakage breakage = Breakage.None)
    {
        var experimentId = await client.GetOrCreateExperimentAsync(Experiment);
        var run = await client.CreateRunAsync(experimentId, $"{package.Kind}-{breakage}");
        var staging = Stage(package, run.Info.RunId, breakage);
        try
        {
            var artifactUri = run.Info.ArtifactUri ?? throw new InvalidOperationException("the run has no artifact_uri");
            await client.UploadDirectoryAsync(artifactUri, staging, "model");
            await client.UpdateRunAsync(run.Info.RunId, RunStatus.Finished);
            await client.GetOrCreateRegisteredModelAsync(modelName);
            return await client.CreateModelVersionAsync(modelName, artifactUri + "/model", run.Info.RunId);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>A temporary copy of the package with its MLmodel file, broken as asked; the caller deletes it.</summary>
    public static string Stage(TestModelPackage package, string? runId, Breakage breakage = Breakage.None)
    {
        var staging = Path.Combine(Path.GetTempPath(), "bandit-variants-tests", "stage-" + Guid.NewGuid().ToString("N"));
        CopyFolder(package.Folder, staging);
        var mlModel = MlModel(package, runId, breakage);
        switch (breakage)
        {
            case Breakage.NoMlModel:
                return staging;
            case Breakage.MalformedMlModel:
                File.WriteAllText(Path.Combine(staging, MlModelFile.FileName), "flavors: [mlnet: {model_file: model.zip\n  - : :");
                return staging;
            case Breakage.CorruptModel:
                File.WriteAllText(Path.Combine(staging, "model.zip"), "this is not a zip file");
                break;
            case Breakage.CorruptFeatureState:
                File.WriteAllText(Path.Combine(staging, FeatureState.FileName), "{\"version\": \"" + FeatureSpec.Version + "\", \"movies\": 7}");
                break;
            case Breakage.PathTraversal:
                mlModel.Flavors["mlnet"]["model_file"] = "../../etc/passwd";
                break;
        }

        mlModel.Save(staging);
        return staging;
    }

    private static MlModelFile MlModel(TestModelPackage package, string? runId, Breakage breakage)
    {
        var file = MlModelFile.Create("model", runId);
        var flavor = new Dictionary<string, object?>
        {
            ["model_file"] = "model.zip",
            ["feature_state"] = FeatureState.FileName,
            ["feature_spec"] = "feature_spec.json",
            ["feature_spec_version"] = breakage == Breakage.WrongFeatureSpec ? "ctr-features/0" : FeatureSpec.Version,
            ["policy"] = package.Policy,
            ["trainer"] = package.Trainer,
            ["mlnet_version"] = "5.0.1",
        };
        file.Flavors[breakage == Breakage.NoMlnetFlavor ? "onnx" : "mlnet"] = flavor;
        file.Signature = new MlModelSignature
        {
            Inputs = "[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1, " + FeatureSpec.Length + "]}}]",
            Outputs = "[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1]}}]",
        };
        return file;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
