using Bandit.Contracts.Flavors;

namespace Bandit.Contracts.Tests;

/// <summary>What a publisher writes under <c>flavors: bandit_router:</c> is what the Router reads back, and nothing else is.</summary>
public sealed class RouterConfigFlavorTests
{
    [Fact]
    public void ConfigFileOf_WhatFlavorsWrote_IsTheFileFilesWrote() =>
        Assert.Equal(RouterConfigFlavor.Files("{}").Keys.Single(), RouterConfigFlavor.ConfigFileOf(RouterConfigFlavor.Flavors()));

    [Fact]
    public void Flavors_KeepTheirWireSpelling()
    {
        var settings = Assert.Single(RouterConfigFlavor.Flavors());

        Assert.Equal("bandit_router", settings.Key);
        Assert.Equal(new Dictionary<string, object?> { ["config_file"] = "router_config.json", ["schema_version"] = 1 }, settings.Value);
    }

    [Fact]
    public void ConfigFileOf_NoFlavor_NamesTheFlavorsFound()
    {
        var error = Assert.Throws<InvalidDataException>(() => RouterConfigFlavor.ConfigFileOf(new Dictionary<string, Dictionary<string, object?>> { ["mlnet"] = [] }));

        Assert.Equal("MLmodel has no 'bandit_router' flavor (found: mlnet).", error.Message);
    }

    [Theory]
    [InlineData("../secrets.json")]
    [InlineData("nested/router_config.json")]
    [InlineData("..")]
    public void ConfigFileOf_PathOutsideTheModelFolder_Throws(string configFile)
    {
        var flavors = RouterConfigFlavor.Flavors();
        flavors[RouterConfigFlavor.Name]["config_file"] = configFile;

        Assert.Throws<InvalidDataException>(() => RouterConfigFlavor.ConfigFileOf(flavors));
    }

    [Fact]
    public void Files_EmptyConfig_Throws() => Assert.Throws<ArgumentException>(() => RouterConfigFlavor.Files(" "));
}
