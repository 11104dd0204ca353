using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Choosing;
using Bandit.Router.Experiment;
using Bandit.Router.Tests.Support;

namespace Bandit.Router.Tests.Unit;

public sealed class DecisionMakerTests
{
    private static readonly byte[] _secret = "decision-maker-tests-secret-0123"u8.ToArray();

    [Theory]
    [InlineData(StrategyNames.Hash)]
    [InlineData(StrategyNames.Thompson)]
    [InlineData(StrategyNames.Ucb1)]
    [InlineData(StrategyNames.EpsilonGreedy)]
    public void Decide_AnyStrategy_TokenClaimsMatchTheDecision(string strategy)
    {
        var config = TestConfigs.TwoArms(strategy, "unit");
        var live = new LiveConfig(config, "1", "test", DateTimeOffset.UtcNow, new ArmTrafficWindow(2));
        var snapshot = PosteriorSnapshot.Create(config, [new ArmStats(config.Arms[0].Name, 10, 10, 2), new ArmStats(config.Arms[1].Name, 10, 10, 5)]);
        var maker = new DecisionMaker(new SeededRandomSource(5), TimeProvider.System);

        var decision = maker.Decide(live, snapshot, "42", ArmMask.None, _secret);

        Assert.True(DecisionToken.TryParse(_secret, decision.Token, out var claims, out var error), error);
        Assert.Equal(decision.Id, claims.Id);
        Assert.Equal(decision.Arm, claims.Arm);
        Assert.Equal(decision.Propensity, claims.Propensity);
        Assert.Equal(config.ExperimentKey, claims.ExperimentKey);
        Assert.Equal(strategy, decision.Strategy);
    }

    [Fact]
    public void Decide_UnavailableArm_IsNeverChosen()
    {
        var config = TestConfigs.TwoArms(StrategyNames.Thompson, "unit");
        var live = new LiveConfig(config, "1", "test", DateTimeOffset.UtcNow, new ArmTrafficWindow(2));
        var snapshot = PosteriorSnapshot.Create(config);
        var maker = new DecisionMaker(new SeededRandomSource(6), TimeProvider.System);

        var arms = Enumerable.Range(0, 200).Select(i => maker.Decide(live, snapshot, i.ToString(System.Globalization.CultureInfo.InvariantCulture), ArmMask.Of(0), _secret)).ToArray();

        Assert.All(arms, d => Assert.Equal(config.Arms[1].Name, d.Arm));
        Assert.All(arms, d => Assert.Equal(1.0, d.Propensity));
    }
}
