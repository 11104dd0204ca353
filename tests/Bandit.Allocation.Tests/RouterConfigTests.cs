using Bandit.Allocation;
using Bandit.Contracts;

namespace Bandit.Allocation.Tests;

public sealed class RouterConfigTests
{
    private const string DefaultJson =
        """{"strategy":"thompson","arms":[{"name":"PolicyA","alias":"PolicyA","service":"variant-a","weight":0.5},{"name":"PolicyB","alias":"PolicyB","service":"variant-b","weight":0.5}],"prior":{"alpha":1.0,"beta":1.0},"salt":"movielens-ab","epsilon":0.1,"ucb_exploration":2.0}""";

    [Fact]
    public void Parse_IssueJson_EqualsDefault()
    {
        var config = RouterConfig.Parse(DefaultJson);

        Assert.Equal(RouterConfig.Default, config);
        Assert.Empty(config.Validate());
    }

    [Fact]
    public void ToJson_ThenParse_RoundTripsEveryField()
    {
        var config = RouterConfig.Default.WithStrategy("ucb1", [0.25, 0.75]) with
        {
            Salt = "s2", Epsilon = 0.2, UcbExploration = 1.5, Prior = new BetaPrior(2, 30),
            DiscountHalfLifeSeconds = 600, LinearExploration = 0.5, LinearRidge = 2,
        };

        var json = config.ToJson();
        var again = RouterConfig.Parse(json);

        Assert.Equal(config, again);
        Assert.Equal(json, again.ToJson());
        Assert.Contains("\"ucb_exploration\":1.5", json);
        Assert.Contains("\"discount_half_life_seconds\":600", json);
        Assert.Contains("\"linear_exploration\":0.5", json);
        Assert.Contains("\"linear_ridge\":2", json);
        Assert.DoesNotContain("experiment", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Parse_OptionalFieldsMissing_UsesDefaults()
    {
        var config = RouterConfig.Parse("""{"strategy":"hash","arms":[{"name":"A","alias":"A","service":"a","weight":1}],"prior":{"alpha":2,"beta":3},"salt":"s"}""");

        Assert.Equal(0.1, config.Epsilon);
        Assert.Equal(2.0, config.UcbExploration);
        Assert.Equal(RouterConfig.DefaultDiscountHalfLifeSeconds, config.DiscountHalfLifeSeconds);
        Assert.Equal(RouterConfig.DefaultLinearExploration, config.LinearExploration);
        Assert.Equal(1.0, config.LinearRidge);
    }

    [Theory]
    [InlineData("not json", "router_config.json")]
    [InlineData("""{"strategy":"hash","prior":{"alpha":1,"beta":1},"salt":"s"}""", "arms")]
    [InlineData("""{"strategy":"hash","arms":[],"prior":{"alpha":1,"beta":1},"salt":"s","colour":"red"}""", "colour")]
    [InlineData("null", "null")]
    public void Parse_MalformedJson_ThrowsFormatExceptionNamingTheProblem(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => RouterConfig.Parse(json));

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("strategy", "bandit")]
    [InlineData("strategy", "")]
    [InlineData("arms", "none")]
    [InlineData("duplicate", "PolicyA")]
    [InlineData("arms[1].weight", "-1")]
    [InlineData("arms[0].weight", "NaN")]
    [InlineData("at least one weight", "0")]
    [InlineData("prior.alpha", "0")]
    [InlineData("prior.beta", "-2")]
    [InlineData("epsilon", "1.5")]
    [InlineData("salt", " ")]
    [InlineData("arms[0].name", "bad name")]
    [InlineData("ucb_exploration", "-1")]
    [InlineData("discount_half_life_seconds", "0")]
    [InlineData("linear_exploration", "-1")]
    [InlineData("linear_ridge", "0")]
    public void Validate_OneBadField_ReportsIt(string field, string value)
    {
        var d = RouterConfig.Default;
        var config = field switch
        {
            "strategy" => d with { Strategy = value },
            "arms" => d with { Arms = [] },
            "duplicate" => d with { Arms = [d.Arms[0], d.Arms[1] with { Name = "policya" }] },
            "arms[1].weight" or "arms[0].weight" => d.WithStrategy("hash", field == "arms[0].weight" ? [double.NaN, 1] : [1, double.Parse(value)]),
            "at least one weight" => d.WithStrategy("hash", [0, 0]),
            "prior.alpha" => d with { Prior = new BetaPrior(0, 1) },
            "prior.beta" => d with { Prior = new BetaPrior(1, -2) },
            "epsilon" => d with { Epsilon = 1.5 },
            "salt" => d with { Salt = value },
            "arms[0].name" => d with { Arms = [d.Arms[0] with { Name = value }, d.Arms[1]] },
            "ucb_exploration" => d with { UcbExploration = -1 },
            "discount_half_life_seconds" => d with { DiscountHalfLifeSeconds = 0 },
            "linear_exploration" => d with { LinearExploration = -1 },
            "linear_ridge" => d with { LinearRidge = 0 },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        var errors = config.Validate();

        var error = Assert.Single(errors);
        Assert.Contains(field == "duplicate" ? "duplicate" : field, error);
    }

    [Fact]
    public void TryParse_InvalidConfig_ReturnsEveryError()
    {
        var ok = RouterConfig.TryParse("""{"strategy":"nope","arms":[],"prior":{"alpha":0,"beta":1},"salt":"","epsilon":2}""", out var config, out var errors);

        Assert.False(ok);
        Assert.Null(config);
        Assert.Equal(5, errors.Count); // strategy, arms, prior.alpha, salt, epsilon
    }

    [Fact]
    public void ExperimentKey_StrategyWeightsSaltPriorChange_StaysTheSame()
    {
        var d = RouterConfig.Default;

        var changed = d.WithStrategy("hash", [0.9, 0.1]) with { Salt = "other", Prior = new BetaPrior(3, 7), Epsilon = 0.3 };

        Assert.Equal(d.ExperimentKey, changed.ExperimentKey);
        Assert.Matches("^[0-9a-f]{16}$", d.ExperimentKey);
    }

    [Fact]
    public void ExperimentKey_ArmSetChange_ChangesIt()
    {
        var d = RouterConfig.Default;
        var a = d.Arms[0];
        var b = d.Arms[1];

        RouterConfig[] variants =
        [
            d with { Arms = [a, b, new ArmConfig("PolicyC", "PolicyC", "variant-c", 0)] },
            d with { Arms = [a with { Name = "PolicyX" }, b] },
            d with { Arms = [a with { Alias = "Champion" }, b] },
            d with { Arms = [a, b with { Service = "variant-z" }] },
            d with { Arms = [b, a] },
        ];

        Assert.All(variants, v => Assert.NotEqual(d.ExperimentKey, v.ExperimentKey));
        Assert.Equal(variants.Length, variants.Select(v => v.ExperimentKey).Distinct().Count());
    }

    [Fact]
    public void WithStrategy_AnyCase_NormalisesAndKeepsWeightsUnlessGiven()
    {
        var config = RouterConfig.Default.WithStrategy("EPSILON_Greedy");

        Assert.Equal(StrategyNames.EpsilonGreedy, config.Strategy);
        Assert.Equal([0.5, 0.5], config.Arms.Select(a => a.Weight));
        Assert.Throws<ArgumentException>(() => RouterConfig.Default.WithStrategy("hash", [1.0]));
    }

    [Fact]
    public void AllocationStrategies_ByName_CaseInsensitiveAndUnknownIsAClearError()
    {
        Assert.IsType<ThompsonStrategy>(AllocationStrategies.Create(RouterConfig.Default));
        Assert.IsType<HashSplitStrategy>(AllocationStrategies.Get("HASH"));
        Assert.IsType<Ucb1Strategy>(AllocationStrategies.Get("ucb1"));
        Assert.IsType<EpsilonGreedyStrategy>(AllocationStrategies.Get("epsilon_greedy"));
        Assert.IsType<DiscountedThompsonStrategy>(AllocationStrategies.Get("Discounted_Thompson"));
        Assert.IsType<LinearThompsonStrategy>(AllocationStrategies.Get("linear_thompson"));
        Assert.Equal(StrategyNames.All, AllocationStrategies.All.Select(s => s.Name));

        var error = Assert.Throws<ArgumentException>(() => AllocationStrategies.Get("softmax"));
        Assert.Contains("'softmax' is unknown", error.Message);
        Assert.Contains("epsilon_greedy", error.Message);
    }
}
