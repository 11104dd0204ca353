using System.Globalization;
using Bandit.Contracts;
using Bandit.Mlflow.Publishing;
using Bandit.MovieLens.Features;
using Bandit.Trainer.Evaluation;
using Bandit.Training.Modeling;
using Bandit.Trainer.Packaging;
using Bandit.Trainer.Pipeline;

namespace Bandit.Trainer.Publishing;

/// <summary>
/// The params, metrics and tags of the Trainer's runs. Metric keys (Trainer/README.md): the registered split's
/// metrics unprefixed (<c>auc</c>, <c>pr_auc</c>, <c>log_loss</c>, <c>brier</c>, <c>ece</c>, <c>ndcg_at_10</c>,
/// <c>precision_at_10</c>), every split's under its prefix (<c>user_time.auc</c>, <c>global_time.auc</c>),
/// segment AUCs as <c>&lt;split&gt;.seg.&lt;segment&gt;.auc</c>, and <c>cv_auc_mean</c>, <c>cv_auc_std</c>; on the
/// comparison run every pair's bootstrap as <c>&lt;split&gt;.policy_c_vs_policy_a.delta_auc</c> (and <c>_lower</c>, <c>_upper</c>).
/// </summary>
public static class RunContents
{
    /// <summary>MLflow's own tag that nests a run under another (set under <c>mlflow run</c>).</summary>
    public const string ParentRunTag = "mlflow.parentRunId";

    public static Dictionary<string, string> CommonParams(ExperimentOutcome outcome)
    {
        var o = outcome.Options;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["data"] = outcome.Data.Name,
            ["data_sha256"] = outcome.Data.Sha256,
            ["split"] = o.Split.CliName(),
            ["folds"] = Inv(o.Folds),
            ["seed"] = Inv(o.Seed),
            ["bootstrap_resamples"] = Inv(o.BootstrapResamples),
            ["top_list_users"] = Inv(o.TopListUsers),
            ["oof_folds"] = Inv(TrainingSetBuilder.DefaultFolds),
            [RegistryTags.FeatureSpec] = FeatureSpec.Version,
            ["pipeline_version"] = Fingerprint.PipelineVersion,
            ["train_rows"] = Inv(outcome.Registered.TrainRows),
            ["test_rows"] = Inv(outcome.Registered.TestRows),
        };
    }

    public static RunContent Policy(ExperimentOutcome outcome, IPolicyModel policy, PackagedModel? package = null)
    {
        var parameters = CommonParams(outcome);
        parameters[RegistryTags.Policy] = policy.Policy;
        parameters[RegistryTags.Trainer] = policy.Trainer;
        foreach (var (key, value) in policy.HyperParameters)
        {
            parameters["hp." + key] = value;
        }

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in outcome.Registered.Metrics[policy.Policy].Scalars().Concat(TopListScalars(outcome.Registered, policy.Policy)))
        {
            metrics[key] = value;
        }

        foreach (var e in outcome.Evaluations)
        {
            foreach (var (key, value) in e.Metrics[policy.Policy].Scalars().Concat(TopListScalars(e, policy.Policy)))
            {
                metrics[$"{e.Prefix}.{key}"] = value;
            }

            foreach (var segment in e.Segments)
            {
                metrics[$"{e.Prefix}.seg.{segment.Key}.auc"] = segment.Auc[policy.Policy];
            }
        }

        var cv = outcome.CrossValidation.Summary(policy.Policy);
        metrics[OfflineMetrics.CvAucMean] = cv.Mean;
        metrics[OfflineMetrics.CvAucStd] = cv.Std;
        metrics[OfflineMetrics.BaselineAuc] = outcome.Registered.Metrics[Policies.Baseline].Auc;
        var tags = PolicyTags(outcome, policy, package);
        AddParent(tags, outcome);
        return new RunContent { Params = parameters, Metrics = metrics, Tags = tags };
    }

    /// <summary>Tags shared by a policy's run and its model version; <c>bandit.onnx</c> says whether the version has an
    /// <c>onnx</c> flavor and, if not, why.</summary>
    public static Dictionary<string, string> PolicyTags(ExperimentOutcome outcome, IPolicyModel policy, PackagedModel? package = null)
    {
        var tags = PolicyTagsCore(outcome, policy);
        if (package is not null)
        {
            tags[RegistryTags.Onnx] = Truncate(package.OnnxStatus, 4000);
        }

        return tags;
    }

    private static Dictionary<string, string> PolicyTagsCore(ExperimentOutcome outcome, IPolicyModel policy) => new(StringComparer.Ordinal)
    {
        [RegistryTags.Fingerprint] = outcome.Fingerprint,
        [RegistryTags.Policy] = policy.Policy,
        [RegistryTags.Role] = "policy",
        [RegistryTags.Split] = outcome.Options.Split.CliName(),
        [RegistryTags.Trainer] = policy.Trainer,
        [RegistryTags.FeatureSpec] = FeatureSpec.Version,
        [OfflineMetrics.Auc] = outcome.Registered.Metrics[policy.Policy].Auc.ToString("0.0000", CultureInfo.InvariantCulture),
    };

    public static RunContent Comparison(ExperimentOutcome outcome, IReadOnlyList<ArtifactUpload> artifacts, IReadOnlyList<PolicyRegistration> registrations,
        IReadOnlyList<StageTiming> timings)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var e in outcome.Evaluations)
        {
            foreach (var (scorer, set) in e.Metrics)
            {
                foreach (var (key, value) in set.Scalars().Concat(TopListScalars(e, scorer)))
                {
                    metrics[$"{e.Prefix}.{ScorerKey(scorer)}.{key}"] = value;
                }
            }

            metrics[$"{e.Prefix}.delta_auc"] = e.Difference.Delta;
            metrics[$"{e.Prefix}.delta_auc_lower"] = e.Difference.Lower;
            metrics[$"{e.Prefix}.delta_auc_upper"] = e.Difference.Upper;
            metrics[$"{e.Prefix}.cold_start_user_share"] = e.ColdStartUserShare;
            foreach (var c in e.Comparisons)
            {
                var pair = ComparisonKey(c);
                metrics[$"{e.Prefix}.{pair}.delta_auc"] = c.Difference.Delta;
                metrics[$"{e.Prefix}.{pair}.delta_auc_lower"] = c.Difference.Lower;
                metrics[$"{e.Prefix}.{pair}.delta_auc_upper"] = c.Difference.Upper;
            }
        }

        foreach (var scorer in outcome.CrossValidation.FoldAuc.Keys)
        {
            var summary = outcome.CrossValidation.Summary(scorer);
            metrics[$"cv.{ScorerKey(scorer)}.auc_mean"] = summary.Mean;
            metrics[$"cv.{ScorerKey(scorer)}.auc_std"] = summary.Std;
        }

        foreach (var t in timings)
        {
            metrics[$"stage_seconds.{t.Name.Replace(' ', '_')}"] = t.Elapsed.TotalSeconds;
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [RegistryTags.Fingerprint] = outcome.Fingerprint,
            [RegistryTags.Role] = "comparison",
            [RegistryTags.Split] = outcome.Options.Split.CliName(),
            [RegistryTags.Verdict] = outcome.Registered.Verdict,
        };
        foreach (var c in outcome.Registered.Comparisons)
        {
            tags[$"{RegistryTags.Verdict}.{ComparisonKey(c)}"] = c.Verdict;
        }
        AddParent(tags, outcome);

        foreach (var r in registrations)
        {
            tags[$"bandit.{ScorerKey(r.Policy)}.version"] = r.Version;
            if (r.RunId is not null)
            {
                tags[$"bandit.{ScorerKey(r.Policy)}.run_id"] = r.RunId;
            }
        }

        return new RunContent { Params = CommonParams(outcome), Metrics = metrics, Tags = tags, Artifacts = artifacts };
    }

    /// <summary><c>baseline</c>, <c>policy_a</c>, <c>policy_b</c>, <c>policy_c</c>.</summary>
    public static string ScorerKey(string scorer) => scorer switch
    {
        Policies.Baseline => "baseline",
        Policies.PolicyA => "policy_a",
        Policies.PolicyB => "policy_b",
        Policies.PolicyC => "policy_c",
        _ => scorer.ToLowerInvariant(),
    };

    /// <summary><c>policy_c_vs_policy_a</c>: the key of AUC(C) − AUC(A) in metric names and verdict tags.</summary>
    public static string ComparisonKey(PolicyComparison comparison) => $"{ScorerKey(comparison.Second)}_vs_{ScorerKey(comparison.First)}";

    private static IEnumerable<KeyValuePair<string, double>> TopListScalars(SplitEvaluation e, string scorer) =>
        e.TopLists?.GetValueOrDefault(scorer)?.Scalars() ?? [];

    /// <summary>Under <c>mlflow run</c>, the project run is the parent of the Trainer's runs.</summary>
    private static void AddParent(Dictionary<string, string> tags, ExperimentOutcome outcome)
    {
        if (outcome.Options.ProjectRunId is { } parent)
        {
            tags[ParentRunTag] = parent;
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);
}
