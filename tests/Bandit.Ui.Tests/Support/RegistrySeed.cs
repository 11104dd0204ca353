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
    public const string Verdict = "Policy B beats Policy A: ΔAUC = +0.041 [0.031, 0.052] (95% paired bootstrap, 1000 resamples)";

    /// <summary>The plots uploaded to the comparison run, as the Trainer lays them out; <c>lift.png</c> is left out on purpose.</summary>
    public static readonly string[] Plots =
    [
        "plots/user-time/roc.png", "plots/user-time/pr.png", "plots/user-time/calibration.png", "plots/user-time/segments_auc.png",
        "plots/global-time/roc.png", "plots/global-time/pr.png", "plots/global-time/calibration.png", "plots/global-time/segments_auc.png",
        "plots/cv_auc_box.png",
    ];

    /// <summary>The plots' images at the Trainer's size (900×600), drawn once: every seed uploads the same bytes.</summary>
    private static readonly Lazy<byte[][]> _plotImages = new(() => [.. Plots.Select((_, i) => TestPng.Curve(width: 900, height: 600, power: 0.45 + 0.15 * i))]);

    /// <summary>The comparison's report.md: both splits' segment tables with rows, click rate and the baseline, as ReportWriter writes them.</summary>
    public static readonly string ReportMarkdown = $$"""
        # Offline A/B: Policy A (logistic regression) vs Policy B (LightGBM)

        Registered split: **user-time**. See [the Trainer](https://example.org/trainer) and [not this](javascript:alert(1)).

        **Verdict (user-time):** {{Verdict}}

        <script>alert('raw html')</script>

        ## user-time (registered)

        80,419 training / 20,417 test ratings; 0.0% of test rows belong to users unseen in training.

        | metric | Baseline | PolicyA | PolicyB |
        |---|---|---|---|
        | AUC | 0.6120 | 0.7012 | 0.7424 |

        ### AUC by segment

        | segment | rows | click rate | Baseline | PolicyA | PolicyB |
        |---|---|---|---|---|---|
        | all test rows | 20,417 | 48.2% | 0.6120 | 0.7012 | 0.7424 |
        | heavy users | 9,100 | 51.0% | 0.6200 | 0.7112 | 0.7524 |
        | Film-Noir | 25 | 60.0% | 0.5000 | 0.6000 | 0.9000 |

        ## global-time

        13,210 training / 20,167 test ratings; 90.5% of test rows belong to users unseen in training.

        ### AUC by segment

        | segment | rows | click rate | Baseline | PolicyA | PolicyB |
        |---|---|---|---|---|---|
        | all test rows | 20,167 | 47.0% | 0.6600 | 0.6610 | 0.6650 |
        | cold-start users | 18,251 | 46.5% | 0.6580 | 0.6590 | 0.6601 |

        """;

    /// <param name="comparison">Whether to log the Trainer's comparison run (plots, report.md, verdict).</param>
    public static async Task<SeededRegistry> SeedAsync(MlflowClient client, string? suffix = null, bool comparison = true)
    {
        var modelName = "movielens_ctr_ab" + suffix;
        var routerModel = "movielens_ctr_router" + suffix;
        var experimentId = await client.GetOrCreateExperimentAsync("movielens_ctr_offline" + suffix);

        var runA = await PolicyRunAsync(client, experimentId, "policy-a", "PolicyA", auc: 0.7012, offset: 0);
        var runB = await PolicyRunAsync(client, experimentId, "policy-b", "PolicyB", auc: 0.7424, offset: 0.02);

        await client.GetOrCreateRegisteredModelAsync(modelName);
        var v1 = await client.CreateModelVersionAsync(modelName, $"{RunUri(runA)}/model", runA.Info.RunId,
            [new ModelVersionTag("policy", "PolicyA"), new ModelVersionTag("trainer", "logistic_regression"), new ModelVersionTag("bandit.fingerprint", "a1b2c3d4e5f6")]);
        var v2 = await client.CreateModelVersionAsync(modelName, $"{RunUri(runB)}/model", runB.Info.RunId,
            [new ModelVersionTag("policy", "PolicyB"), new ModelVersionTag("trainer", "lightgbm"), new ModelVersionTag("bandit.fingerprint", "f6e5d4c3b2a1")]);
        await client.SetAliasAsync(modelName, "PolicyA", v1.Version);
        await client.SetAliasAsync(modelName, "PolicyB", v2.Version);

        var comparisonRunId = comparison ? await ComparisonRunAsync(client, experimentId, runA, runB, v1.Version, v2.Version) : "";
        var configRun = await client.CreateRunAsync(experimentId, "router-config");
        await client.GetOrCreateRegisteredModelAsync(routerModel);
        var rv = await client.CreateModelVersionAsync(routerModel, $"{RunUri(configRun)}/model", configRun.Info.RunId, [new ModelVersionTag("strategy", "thompson")]);
        await client.SetAliasAsync(routerModel, "router", rv.Version);

        return new SeededRegistry(modelName, routerModel, runA.Info.RunId, runB.Info.RunId, comparisonRunId);
    }

    /// <summary>The comparison run as the Trainer logs it (Trainer/Publishing/RunContents.cs): role, verdict and policy run tags.</summary>
    private static async Task<string> ComparisonRunAsync(MlflowClient client, string experimentId, Run runA, Run runB, string versionA, string versionB)
    {
        var run = await client.CreateRunAsync(experimentId, "comparison", [
            new RunTag("bandit.role", "comparison"), new RunTag("bandit.verdict", Verdict), new RunTag("bandit.split", "user-time"),
            new RunTag("bandit.policy_a.run_id", runA.Info.RunId), new RunTag("bandit.policy_a.version", versionA),
            new RunTag("bandit.policy_b.run_id", runB.Info.RunId), new RunTag("bandit.policy_b.version", versionB),
        ]);
        await client.LogBatchAsync(run.Info.RunId, [
            new Metric("user_time.delta_auc", 0.0412, Now()),
            new Metric("user_time.delta_auc_lower", 0.031, Now()),
            new Metric("user_time.delta_auc_upper", 0.052, Now()),
            new Metric("global_time.delta_auc", 0.0040, Now()),
            new Metric("global_time.delta_auc_lower", -0.006, Now()),
            new Metric("global_time.delta_auc_upper", 0.014, Now()),
            new Metric("cv.baseline.auc_mean", 0.6120, Now()),
            new Metric("cv.baseline.auc_std", 0.0150, Now()),
            new Metric("cv.policy_a.auc_mean", 0.6972, Now()),
            new Metric("cv.policy_a.auc_std", 0.0110, Now()),
            new Metric("cv.policy_b.auc_mean", 0.7384, Now()),
            new Metric("cv.policy_b.auc_std", 0.0090, Now()),
            new Metric("user_time.policy_a.auc", 0.7012, Now()),
        ]);
        var uri = run.Info.ArtifactUri!;
        for (var i = 0; i < Plots.Length; i++)
        {
            await client.UploadArtifactAsync(uri, Plots[i], _plotImages.Value[i]);
        }

        await client.UploadArtifactAsync(uri, "report.md", Encoding.UTF8.GetBytes(ReportMarkdown));
        await client.UpdateRunAsync(run.Info.RunId, RunStatus.Finished);
        return run.Info.RunId;
    }

    private static async Task<Run> PolicyRunAsync(MlflowClient client, string experimentId, string name, string policy, double auc, double offset)
    {
        var run = await client.CreateRunAsync(experimentId, name, [new RunTag("policy", policy), new RunTag("bandit.role", "policy"), new RunTag("bandit.split", "user-time")]);
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
            new Metric("user_time.auc", auc, Now()),
            new Metric("user_time.seg.heavy_users.auc", auc + 0.01, Now()),
            new Metric("user_time.seg.light_users.auc", auc - 0.03, Now()),
            new Metric("global_time.auc", 0.661 + offset / 5, Now()),
            new Metric("global_time.log_loss", 0.66 - offset / 5, Now()),
            new Metric("global_time.seg.cold_start_users.auc", 0.659 + offset / 20, Now()),
        ]);
        await client.UpdateRunAsync(run.Info.RunId, RunStatus.Finished);
        return run;
    }

    private static string RunUri(Run run) => run.Info.ArtifactUri!;

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
