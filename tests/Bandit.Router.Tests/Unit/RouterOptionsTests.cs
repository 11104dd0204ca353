using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Choosing;
using Bandit.Router.Common;

namespace Bandit.Router.Tests.Unit;

public sealed class RouterOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreUsable() => Assert.Empty(new RouterOptions().Validate());

    [Fact]
    public void Validate_BadValues_NameEachProblem()
    {
        var options = new RouterOptions
        {
            DecisionTtl = TimeSpan.Zero,
            PosteriorCacheTtl = TimeSpan.FromSeconds(-1),
            TrafficWindow = 0,
            MaxUpdateBatch = 0,
            DecisionSecret = "short",
            EmbeddedConfig = "{\"strategy\":\"nope\"}",
            MaxUpdateBodyBytes = 10,
            OutageBufferCapacity = 0,
            OutageLogPath = " ",
            UpdateRateLimit = new UpdateRateLimitOptions { PermitsPerSecond = -1 },
        };

        var errors = options.Validate();

        Assert.Contains(errors, e => e.Contains("DecisionTtl", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("PosteriorCacheTtl", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("TrafficWindow", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("MaxUpdateBatch", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("DecisionSecret", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("EmbeddedConfig", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("MaxUpdateBodyBytes", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("OutageBufferCapacity", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("OutageLogPath", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("UpdateRateLimit", StringComparison.Ordinal));
    }

    [Fact]
    public void ParseEmbeddedConfig_UnsetOrSet_ReturnsDefaultOrTheGivenConfig()
    {
        var custom = RouterConfig.Default.WithStrategy(StrategyNames.Hash, [0.2, 0.8]);

        Assert.Equal(RouterConfig.Default, new RouterOptions().ParseEmbeddedConfig());
        Assert.Equal(custom, new RouterOptions { EmbeddedConfig = custom.ToJson() }.ParseEmbeddedConfig());
    }

    [Fact]
    public void Validate_EmbeddedContextualOrDiscountedStrategy_IsAccepted()
    {
        Assert.Empty(new RouterOptions { EmbeddedConfig = RouterConfig.Default.WithStrategy(StrategyNames.LinearThompson).ToJson() }.Validate());
        Assert.Empty(new RouterOptions { EmbeddedConfig = RouterConfig.Default.WithStrategy(StrategyNames.DiscountedThompson).ToJson() }.Validate());
    }
}
