using System.Text;
using Bandit.Mlflow;

namespace Bandit.Ui.Tests.Support;

/// <summary>What <see cref="RegistrySeed.SeedAsync"/> registered: the policy model's versions and runs, the comparison run.</summary>
public sealed record SeededRegistry(string ModelName, string RouterModelName, string RunA, string RunB, string ComparisonRun);

/// <summary>
/// Fills a registry the way the Trainer does: per-policy runs with offline metrics, a comparison run with plots and
/// <c>report.md</c>, versions 1 (Policy A) and 2 (Policy B) with aliases PolicyA/PolicyB, and a router-config version.
/// </summary>
public static class RegistrySeed
{
    public const string Verdict = "Verdict: Policy B is better (ΔAUC = +0.0412, 95% CI [0.031, 0.052], bootstrap n=1000)";

    /// <summary>The plots uploaded to the comparison run; <c>lift.png</c> is left out on purpose.</summary>
    public static readonly string[] Plots = ["roc.png", "pr.png", "calibration.png", "segments_auc.png", "cv_auc_box.png"];

    public static async Task<SeededRegistry> SeedAsync(MlflowClient client, string? suffix = null)
    {
        var modelName = "movielens_ctr_ab" + suffix;
        var routerModel = "movielens_ctr_router" + suffix;
        var experimentId = await client.GetOrCreateExperimentAsync("movielens_ctr_offline" + suffix);

        var runA = await PolicyRunAsync(client, experimentId, "policy-a", "PolicyA", auc: 0.7012, offset: 0);
        var runB = await PolicyRunAsync(client, experimentId, "policy-b", "PolicyB", auc: 0.7424, offset: 0.02);

        var comparison = await client.CreateRunAsync(experimentId, "comparison");
        await client.LogBatchAsync(comparison.Info.RunId, [
            new Metric("bootstrap.delta_auc", 0.0412, Now()),
            new Metric("bootstrap.delta_auc_lower", 0.031, Now()),
            new Metric("bootstrap.delta_auc_upper", 0.052, Now()),
        ]);
        var uri = comparison.Info.ArtifactUri!;
        var power = 0.3;
        foreach (var plot in Plots)
        {
            await client.UploadArtifactAsync(uri, plot, TestPng.Curve(power: power += 0.15));
        }

        await client.UploadArtifactAsync(uri, "report.md", Encoding.UTF8.GetBytes($"# Offline A/B report\n\n| metric | A | B |\n|---|---|---|\n| auc | 0.7012 | 0.7424 |\n\n**{Verdict}**\n"));
        await client.UpdateRunAsync(comparison.Info.RunId, RunStatus.Finished);

        await client.GetOrCreateRegisteredModelAsync(modelName);
        var v1 = await client.CreateModelVersionAsync(modelName, $"{RunUri(runA)}/model", runA.Info.RunId,
            [new ModelVersionTag("policy", "PolicyA"), new ModelVersionTag("bandit.fingerprint", "a1b2c3d4e5f6")]);
        var v2 = await client.CreateModelVersionAsync(modelName, $"{RunUri(runB)}/model", runB.Info.RunId,
            [new ModelVersionTag("policy", "PolicyB"), new ModelVersionTag("bandit.fingerprint", "f6e5d4c3b2a1")]);
        await client.SetAliasAsync(modelName, "PolicyA", v1.Version);
        await client.SetAliasAsync(modelName, "PolicyB", v2.Version);

        var configRun = await client.CreateRunAsync(experimentId, "router-config");
        await client.GetOrCreateRegisteredModelAsync(routerModel);
        var rv = await client.CreateModelVersionAsync(routerModel, $"{RunUri(configRun)}/model", configRun.Info.RunId, [new ModelVersionTag("strategy", "thompson")]);
        await client.SetAliasAsync(routerModel, "router", rv.Version);

        return new SeededRegistry(modelName, routerModel, runA.Info.RunId, runB.Info.RunId, comparison.Info.RunId);
    }

    private static async Task<Run> PolicyRunAsync(MlflowClient client, string experimentId, string name, string policy, double auc, double offset)
    {
        var run = await client.CreateRunAsync(experimentId, name, [new RunTag("policy", policy)]);
        await client.LogBatchAsync(run.Info.RunId, [
            new Metric("auc", auc, Now()),
            new Metric("pr_auc", 0.61 + offset, Now()),
            new Metric("log_loss", 0.58 - offset, Now()),
            new Metric("brier", 0.20 - offset / 2, Now()),
            new Metric("ece", 0.031 - offset / 4, Now()),
            new Metric("ndcg_at_10", 0.41 + offset, Now()),
            new Metric("precision_at_10", 0.35 + offset, Now()),
            new Metric("cv_auc_mean", auc - 0.004, Now()),
            new Metric("cv_auc_std", 0.011 - offset / 10, Now()),
            new Metric("segment.heavy_users.auc", auc + 0.01, Now()),
            new Metric("segment.light_users.auc", auc - 0.03, Now()),
        ]);
        await client.UpdateRunAsync(run.Info.RunId, RunStatus.Finished);
        return run;
    }

    private static string RunUri(Run run) => run.Info.ArtifactUri!;

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
