namespace Bandit.Trainer.Publishing;

/// <summary>The registry names the Trainer writes and other services read (Trainer/README.md).</summary>
public static class RegistryNames
{
    public const string Experiment = "movielens_ctr_ab";
    public const string Model = "movielens_ctr_ab";

    public const string FingerprintTag = "bandit.fingerprint";
    public const string PolicyTag = "policy";
    public const string RoleTag = "bandit.role";
    public const string SplitTag = "bandit.split";
    public const string TrainerTag = "trainer";
    public const string FeatureSpecTag = "feature_spec_version";
    public const string VerdictTag = "bandit.verdict";
    public const string OnnxTag = "bandit.onnx";

    /// <summary>MLflow's own tag that nests a run under another (set under <c>mlflow run</c>).</summary>
    public const string ParentRunTag = "mlflow.parentRunId";
}
