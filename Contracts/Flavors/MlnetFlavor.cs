using System.Globalization;

namespace Bandit.Contracts.Flavors;

/// <summary>
/// The <c>mlnet</c> flavor of a policy's <c>MLmodel</c> file. The Trainer writes it (<see cref="ToSettings"/>) and
/// Variants reads it (<see cref="Read"/>):
/// <c>mlnet: {model_file: model.zip, feature_state: feature_state.json, feature_spec: feature_spec.json,
/// feature_spec_version: ctr-features/1, policy: PolicyA, trainer: logistic_regression, mlnet_version: 6.0.0}</c>.
/// </summary>
public sealed record MlnetFlavor(string ModelFile, string FeatureState, string? FeatureSpec, string FeatureSpecVersion, string? Policy, string? Trainer, string? MlnetVersion)
{
    public const string Name = "mlnet";

    private const string ModelFileKey = "model_file";
    private const string FeatureStateKey = "feature_state";
    private const string FeatureSpecKey = "feature_spec";
    private const string FeatureSpecVersionKey = "feature_spec_version";
    private const string PolicyKey = "policy";
    private const string TrainerKey = "trainer";
    private const string MlnetVersionKey = "mlnet_version";

    /// <summary>The flavor's settings as they go under <c>flavors: mlnet:</c> (unset optional keys left out).</summary>
    public Dictionary<string, object?> ToSettings()
    {
        var settings = new Dictionary<string, object?> { [ModelFileKey] = ModelFile, [FeatureStateKey] = FeatureState };
        Add(settings, FeatureSpecKey, FeatureSpec);
        settings[FeatureSpecVersionKey] = FeatureSpecVersion;
        Add(settings, PolicyKey, Policy);
        Add(settings, TrainerKey, Trainer);
        Add(settings, MlnetVersionKey, MlnetVersion);
        return settings;
    }

    /// <summary>
    /// Reads the flavor from an MLmodel file's <c>flavors</c>; <paramref name="defaultFeatureState"/> stands in for a
    /// missing <c>feature_state</c>. Throws <see cref="InvalidDataException"/> when the flavor is missing or incomplete.
    /// </summary>
    public static MlnetFlavor Read(IReadOnlyDictionary<string, Dictionary<string, object?>> flavors, string defaultFeatureState)
    {
        if (!flavors.TryGetValue(Name, out var settings) || settings is null)
        {
            var found = flavors.Count == 0 ? "none" : string.Join(", ", flavors.Keys);
            throw new InvalidDataException($"the MLmodel file has no '{Name}' flavor (flavors: {found})");
        }

        return new MlnetFlavor(
            Get(settings, ModelFileKey) ?? throw new InvalidDataException($"the '{Name}' flavor has no {ModelFileKey}"),
            Get(settings, FeatureStateKey) ?? defaultFeatureState,
            Get(settings, FeatureSpecKey),
            Get(settings, FeatureSpecVersionKey) ?? throw new InvalidDataException($"the '{Name}' flavor has no {FeatureSpecVersionKey}"),
            Get(settings, PolicyKey),
            Get(settings, TrainerKey),
            Get(settings, MlnetVersionKey));
    }

    private static void Add(Dictionary<string, object?> settings, string key, string? value)
    {
        if (value is not null)
        {
            settings[key] = value;
        }
    }

    private static string? Get(Dictionary<string, object?> settings, string key) =>
        settings.TryGetValue(key, out var value) && Convert.ToString(value, CultureInfo.InvariantCulture) is { Length: > 0 } text ? text : null;
}
