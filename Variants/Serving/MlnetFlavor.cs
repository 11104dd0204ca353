using System.Globalization;
using Bandit.Mlflow;

namespace Bandit.Variants.Serving;

/// <summary>
/// The <c>mlnet</c> flavor of an <c>MLmodel</c> file, as the Trainer writes it:
/// <c>flavors: {mlnet: {model_file: model.zip, feature_state: feature_state.json, feature_spec: feature_spec.json,
/// feature_spec_version: ctr-features/1, policy: PolicyA, trainer: logistic_regression, mlnet_version: 5.0.1}}</c>.
/// </summary>
public sealed record MlnetFlavor(string ModelFile, string FeatureState, string FeatureSpecVersion, string? Policy, string? Trainer, string? MlnetVersion)
{
    public const string Name = "mlnet";

    /// <summary>Reads the flavor; throws <see cref="ModelLoadException"/> when it is missing or incomplete.</summary>
    public static MlnetFlavor From(MlModelFile file)
    {
        if (!file.Flavors.TryGetValue(Name, out var settings) || settings is null)
        {
            var found = file.Flavors.Count == 0 ? "none" : string.Join(", ", file.Flavors.Keys);
            throw new ModelLoadException($"the MLmodel file has no '{Name}' flavor (flavors: {found})");
        }

        return new MlnetFlavor(
            Get(settings, "model_file") ?? throw new ModelLoadException($"the '{Name}' flavor has no model_file"),
            Get(settings, "feature_state") ?? Bandit.MovieLens.Features.FeatureState.FileName,
            Get(settings, "feature_spec_version") ?? throw new ModelLoadException($"the '{Name}' flavor has no feature_spec_version"),
            Get(settings, "policy"),
            Get(settings, "trainer"),
            Get(settings, "mlnet_version"));
    }

    private static string? Get(Dictionary<string, object?> settings, string key) =>
        settings.TryGetValue(key, out var value) && Convert.ToString(value, CultureInfo.InvariantCulture) is { Length: > 0 } text ? text : null;
}

/// <summary>A model version that cannot be served: its artifacts are missing, malformed or of another feature version.</summary>
public sealed class ModelLoadException(string message, Exception? innerException = null) : Exception(message, innerException);
