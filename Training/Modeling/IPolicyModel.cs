using Bandit.Contracts;
using Microsoft.ML;

namespace Bandit.Training.Modeling;

/// <summary>
/// One policy's model definition: an ML.NET estimator over the <c>Features</c>/<c>Label</c> columns of
/// <see cref="Bandit.MovieLens.Features.CtrInput"/> with fixed hyper-parameters and seed. Building is separate from
/// fitting, evaluating and saving (<see cref="PolicyFitter"/>).
/// </summary>
public interface IPolicyModel
{
    /// <summary><c>PolicyA</c>, <c>PolicyB</c> or <c>PolicyC</c>: the registry alias and the <c>policy</c> tag.</summary>
    string Policy { get; }

    /// <summary>The <c>trainer</c> value of the MLmodel flavor, e.g. <c>logistic_regression</c>.</summary>
    string Trainer { get; }

    /// <summary>Every setting that changes the fitted model, logged as run params and hashed into the fingerprint.</summary>
    IReadOnlyDictionary<string, string> HyperParameters { get; }

    IEstimator<ITransformer> Build(MLContext mlContext);
}

/// <summary>The policies the Trainer fits, evaluates and registers.</summary>
public static class Policies
{
    public const string PolicyA = RegistryNames.PolicyA;
    public const string PolicyB = RegistryNames.PolicyB;
    public const string PolicyC = RegistryNames.PolicyC;

    /// <summary>The popularity baseline's name in reports (not a registered policy).</summary>
    public const string Baseline = "Baseline";

    /// <summary><c>Policy A</c> for <c>PolicyA</c>: how verdict lines name a policy.</summary>
    public static string Label(string policy) => policy.StartsWith("Policy", StringComparison.Ordinal) ? "Policy " + policy["Policy".Length..] : policy;

    public static IReadOnlyList<IPolicyModel> All(int seed) => [new LogisticRegressionPolicy(), new LightGbmPolicy(seed), new FieldAwareFmPolicy()];
}
