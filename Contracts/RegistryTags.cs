namespace Bandit.Contracts;

/// <summary>The tags the Trainer and the Router set on runs and model versions, and the Ui reads back.</summary>
public static class RegistryTags
{
    /// <summary>The policy a version was trained as (<see cref="RegistryNames.PolicyA"/>, …).</summary>
    public const string Policy = "policy";

    /// <summary>The algorithm, e.g. <c>logistic_regression</c>.</summary>
    public const string Trainer = "trainer";

    /// <summary>The allocation strategy of a router config version.</summary>
    public const string Strategy = "strategy";

    public const string FeatureSpec = "feature_spec_version";

    /// <summary>A hash of data, features and settings: equal fingerprints mean nothing new to register.</summary>
    public const string Fingerprint = "bandit.fingerprint";

    /// <summary>What a run is: <c>policy</c>, <c>comparison</c> or <c>report</c>.</summary>
    public const string Role = "bandit.role";

    /// <summary>The split the registered metrics come from (e.g. <c>user_time</c>).</summary>
    public const string Split = "bandit.split";

    public const string Verdict = "bandit.verdict";
    public const string Onnx = "bandit.onnx";

    /// <summary>Who published a router config version: <c>trainer</c> or <c>router-admin</c>.</summary>
    public const string Source = "bandit.source";

    public const string Reason = "bandit.reason";
}
