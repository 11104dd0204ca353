using Bandit.Contracts;
using Bandit.Contracts.Flavors;
using Bandit.Mlflow;
using Bandit.MovieLens.Features;
using Bandit.Trainer.Packaging;
using Bandit.Trainer.Publishing;
using Bandit.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace Bandit.Trainer.Tests.EndToEnd;

/// <summary>
/// The issue's "done when", end to end: the Trainer (in process, through <see cref="TrainerApp"/> exactly as
/// Program.cs runs it) against the local registry on a free loopback port, on ml-latest-small. Fewer CV folds and
/// bootstrap resamples than the defaults keep it fast; everything else is the real pipeline.
/// </summary>
public sealed class TrainerEndToEndTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private MlflowClient Client => registry.Client;

    [Fact]
    public async Task Trainer_AgainstLocalRegistry_RegistersOnceAndMovesAliasesOnlyWhenPromoted()
    {
        // 1. First run: trains, evaluates, logs, registers the three policies and the router config.
        var (code, output) = await RunAsync("--seed", "12345");
        Assert.True(code == TrainerExitCodes.Done, output);
        var a1 = await Client.GetModelVersionByAliasAsync(RegistryNames.PolicyModel, "PolicyA");
        var b1 = await Client.GetModelVersionByAliasAsync(RegistryNames.PolicyModel, "PolicyB");
        var c1 = await Client.GetModelVersionByAliasAsync(RegistryNames.PolicyModel, "PolicyC");
        var router = await Client.GetModelVersionByAliasAsync("movielens_ctr_router", "router");
        Assert.Equal("PolicyA", RegistryGateway.Tag(a1, "policy"));
        Assert.Equal("PolicyB", RegistryGateway.Tag(b1, "policy"));
        Assert.Equal("PolicyC", RegistryGateway.Tag(c1, "policy"));
        Assert.Equal("field_aware_fm", RegistryGateway.Tag(c1, "trainer"));
        Assert.Equal(RegistryGateway.Tag(a1, RegistryTags.Fingerprint), RegistryGateway.Tag(b1, RegistryTags.Fingerprint));
        Assert.Equal(RegistryGateway.Tag(a1, RegistryTags.Fingerprint), RegistryGateway.Tag(c1, RegistryTags.Fingerprint));
        Assert.Contains("movielens_ctr_router@router set to v", output);

        // Every policy beats the popularity baseline's AUC on the default (user-time) split, as logged on their runs.
        foreach (var version in new[] { a1, b1, c1 })
        {
            var metrics = (await Client.GetRunAsync(version.RunId!)).Data.Metrics.ToDictionary(m => m.Key, m => m.Value);
            Assert.True(metrics["user_time.auc"] > metrics["baseline_auc"], $"{RegistryGateway.Tag(version, "policy")}: AUC {metrics["user_time.auc"]} vs baseline {metrics["baseline_auc"]}");
            Assert.Equal(metrics["auc"], metrics["user_time.auc"]);
            Assert.Contains("global_time.auc", metrics.Keys);
            Assert.Contains("cv_auc_mean", metrics.Keys);
        }

        await AssertServableAsync("PolicyA");
        await AssertServableAsync("PolicyB");
        await AssertServableAsync("PolicyC");

        // 2. Same data and parameters: nothing new, and it says so.
        (code, output) = await RunAsync("--seed", "12345");
        Assert.Equal(TrainerExitCodes.Done, code);
        Assert.Contains("nothing new to register", output);
        Assert.Equal(3, (await Client.SearchAllModelVersionsAsync(RegistryNames.PolicyModel)).Count);

        // 3. Another seed without --promote: new versions, aliases stay.
        (code, output) = await RunAsync("--seed", "7");
        Assert.True(code == TrainerExitCodes.Done, output);
        Assert.Equal(6, (await Client.SearchAllModelVersionsAsync(RegistryNames.PolicyModel)).Count);
        Assert.Equal(a1.Version, (await Client.GetModelVersionByAliasAsync(RegistryNames.PolicyModel, "PolicyA")).Version);
        Assert.Equal(b1.Version, (await Client.GetModelVersionByAliasAsync(RegistryNames.PolicyModel, "PolicyB")).Version);
        Assert.Contains($"movielens_ctr_ab@PolicyA stays on v{a1.Version}", output);

        // 4. The same seed with --promote: nothing new to train, the aliases move to the seed-7 versions.
        (code, output) = await RunAsync("--seed", "7", "--promote");
        Assert.Equal(TrainerExitCodes.Done, code);
        Assert.Contains("nothing new to register", output);
        var a2 = await Client.GetModelVersionByAliasAsync(RegistryNames.PolicyModel, "PolicyA");
        var b2 = await Client.GetModelVersionByAliasAsync(RegistryNames.PolicyModel, "PolicyB");
        Assert.NotEqual(a1.Version, a2.Version);
        Assert.NotEqual(b1.Version, b2.Version);
        Assert.Equal("7", (await Client.GetRunAsync(a2.RunId!)).Data.Params.Single(p => p.Key == "seed").Value);

        // The router config was registered once and left alone since.
        Assert.Single(await Client.SearchAllModelVersionsAsync("movielens_ctr_router"));
        Assert.Equal(router.Version, (await Client.GetModelVersionByAliasAsync("movielens_ctr_router", "router")).Version);
    }

    [Fact]
    public async Task Trainer_MlflowUnreachable_ExitsThreeNamingTheUri()
    {
        var uri = $"http://127.0.0.1:{FreePort.Next()}";
        var error = new StringWriter();

        var code = await TrainerApp.RunAsync(["--tracking-uri", uri], new StringWriter(), error);

        Assert.Equal(TrainerExitCodes.MlflowFailed, code);
        Assert.Contains($"MLflow at {uri}/ is unreachable", error.ToString());
    }

    private async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] all = ["--tracking-uri", registry.Server.TrackingUri.ToString(), "--folds", "2", "--bootstrap", "100", "--top-users", "20", .. args];
        var code = await TrainerApp.RunAsync(all, output, error);
        return (code, output + error.ToString());
    }

    /// <summary>Downloads the version behind the alias as a Variant would and ranks movies for a user with it.</summary>
    private async Task AssertServableAsync(string alias)
    {
        var folder = Directory.CreateTempSubdirectory("trainer-e2e-").FullName;
        try
        {
            await Client.DownloadModelAsync($"models:/{RegistryNames.PolicyModel}@{alias}", folder);
            var file = MlModelFile.Load(folder);
            var flavor = file.Flavors[MlnetFlavor.Name];
            Assert.Equal(alias, flavor["policy"]?.ToString());
            Assert.Equal(FeatureSpec.Version, flavor["feature_spec_version"]?.ToString());
            Assert.NotNull(file.RunId);
            foreach (var name in new[] { "model.zip", "feature_state.json", "feature_spec.json", "input_example.json", "serving_input_example.json" })
            {
                Assert.True(File.Exists(Path.Combine(folder, name)), $"{alias}: {name} missing");
            }

            // A and B carry an onnx flavor; C (no ONNX form in ML.NET) does not, and its version tag says why.
            var version = await Client.GetModelVersionByAliasAsync(RegistryNames.PolicyModel, alias);
            Assert.Equal(alias != "PolicyC", file.Flavors.ContainsKey(OnnxExport.FlavorName));
            Assert.Equal(alias != "PolicyC", File.Exists(Path.Combine(folder, OnnxExport.FileName)));
            Assert.StartsWith(alias == "PolicyC" ? "not exported: " : "model.onnx", RegistryGateway.Tag(version, RegistryTags.Onnx));

            var mlContext = new MLContext(0);
            mlContext.ComponentCatalog.RegisterAssembly(typeof(LightGbmBinaryModelParameters).Assembly);
            mlContext.ComponentCatalog.RegisterAssembly(typeof(CtrFields).Assembly);
            var model = mlContext.Model.Load(Path.Combine(folder, "model.zip"), out _);
            var scorer = new CandidateScorer(mlContext, model, FeatureState.LoadFile(Path.Combine(folder, FeatureState.FileName)));
            var top = scorer.TopK(userId: 1, k: 10);
            Assert.Equal(10, top.Count);
            Assert.All(top, m => Assert.InRange(m.Probability, 0f, 1f));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
