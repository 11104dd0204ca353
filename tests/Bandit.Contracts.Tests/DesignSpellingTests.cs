using Bandit.Contracts.Flavors;

namespace Bandit.Contracts.Tests;

/// <summary>
/// Each wire name DESIGN.md spells is spelled there exactly as the constant every service uses: renaming one in code
/// without the design (or the other way round) fails here, before two services disagree on the wire.
/// </summary>
public sealed class DesignSpellingTests
{
    // Distinct: the alias `router` and the resource `router` are one spelling, and xunit skips a duplicate case.
    public static TheoryData<string> DesignNames() => new(new[]
    {
        BanditHeaders.Arm, BanditHeaders.Decision, BanditHeaders.Propensity,
        RegistryNames.PolicyModel, RegistryNames.PolicyA, RegistryNames.PolicyB, RegistryNames.PolicyC,
        RegistryNames.RouterModel, RegistryNames.RouterAlias,
        ConfigurationKeys.Variant.Alias, ConfigurationKeys.Variant.ModelName, ConfigurationKeys.Variant.PollInterval,
        ConfigurationKeys.Router.AdminKey, ConfigurationKeys.Router.ConfigModel, ConfigurationKeys.Registry.DataDir,
        ResourceNames.Redis, ResourceNames.Mlflow, ResourceNames.Trainer, ResourceNames.Router, ResourceNames.Ui,
        ResourceNames.VariantA, ResourceNames.VariantB,
        StrategyNames.Hash, StrategyNames.Thompson, StrategyNames.Ucb1, StrategyNames.EpsilonGreedy, StrategyNames.DiscountedThompson,
        StrategyNames.LinearThompson,
    }.Distinct());

    [Theory]
    [MemberData(nameof(DesignNames))]
    public void Constant_NamedInDesign_IsSpelledAsDesignSpellsIt(string name) =>
        Assert.True(DesignDocument.Names(name), $"docs/DESIGN.md does not spell `{name}`");

    [Fact]
    public void Sections_AreThePrefixesOfTheirKeys()
    {
        Assert.All([ConfigurationKeys.Variant.Alias, ConfigurationKeys.Variant.ModelName, ConfigurationKeys.Variant.PollInterval],
            key => Assert.StartsWith(ConfigurationKeys.Variant.Section + ":", key));
        Assert.All([ConfigurationKeys.Router.AdminKey, ConfigurationKeys.Router.ConfigModel, ConfigurationKeys.Router.ConfigPollInterval, ConfigurationKeys.Router.OutageLogPath],
            key => Assert.StartsWith(ConfigurationKeys.Router.Section + ":", key));
        Assert.StartsWith(ConfigurationKeys.Registry.Section + ":", ConfigurationKeys.Registry.DataDir);
    }

    [Fact]
    public void EnvironmentVariable_ReplacesEverySeparator() =>
        Assert.Equal("Variant__Alias", ConfigurationKeys.EnvironmentVariable(ConfigurationKeys.Variant.Alias));

    [Fact]
    public void ServedPolicies_AreTheDefaultArmsAliases() =>
        Assert.Equal([RegistryNames.PolicyA, RegistryNames.PolicyB], RegistryNames.ServedPolicies);
}
