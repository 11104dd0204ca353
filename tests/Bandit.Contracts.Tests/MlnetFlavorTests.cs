using Bandit.Contracts.Flavors;

namespace Bandit.Contracts.Tests;

/// <summary>What the Trainer writes under <c>flavors: mlnet:</c> is what Variants reads back.</summary>
public sealed class MlnetFlavorTests
{
    private static readonly MlnetFlavor _written = new("model.zip", "feature_state.json", "feature_spec.json", "ctr-features/1", "PolicyA", "logistic_regression", "6.0.0");

    [Fact]
    public void Read_WhatToSettingsWrote_RoundTrips()
    {
        Assert.Equal(_written, MlnetFlavor.Read(Flavors(_written.ToSettings()), "default.json"));
    }

    [Fact]
    public void ToSettings_UsesTheMlflowKeys() =>
        Assert.Equal(["model_file", "feature_state", "feature_spec", "feature_spec_version", "policy", "trainer", "mlnet_version"], _written.ToSettings().Keys);

    [Fact]
    public void Read_NoFeatureState_TakesTheDefault()
    {
        var settings = _written.ToSettings();
        settings.Remove("feature_state");

        Assert.Equal("default.json", MlnetFlavor.Read(Flavors(settings), "default.json").FeatureState);
    }

    [Fact]
    public void Read_NoMlnetFlavor_NamesTheFlavorsFound()
    {
        var error = Assert.Throws<InvalidDataException>(() => MlnetFlavor.Read(new Dictionary<string, Dictionary<string, object?>> { ["onnx"] = [] }, "x"));

        Assert.Equal("the MLmodel file has no 'mlnet' flavor (flavors: onnx)", error.Message);
    }

    [Theory]
    [InlineData("model_file")]
    [InlineData("feature_spec_version")]
    public void Read_RequiredKeyMissing_Throws(string key)
    {
        var settings = _written.ToSettings();
        settings[key] = "";

        var error = Assert.Throws<InvalidDataException>(() => MlnetFlavor.Read(Flavors(settings), "x"));
        Assert.Contains(key, error.Message);
    }

    private static Dictionary<string, Dictionary<string, object?>> Flavors(Dictionary<string, object?> mlnet) => new() { [MlnetFlavor.Name] = mlnet };
}
