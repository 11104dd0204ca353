using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Ledger;
using Bandit.Router.Store;

namespace Bandit.Router.Tests.Unit;

public sealed class OutageEntryTests
{
    [Fact]
    public void Reward_KeepsItsHalfLifeThroughTheLog()
    {
        var line = OutageEntry.ForReward("exp", new RewardRecord("d1", "A", 1.0, 0.25, HalfLifeSeconds: 60)).ToLine();

        var reward = OutageEntry.TryParse(line)!.ToReward();

        Assert.Equal(new RewardRecord("d1", "A", 1.0, 0.25, 60), reward);
    }

    [Fact]
    public void Reward_WrittenBeforeHalfLivesExisted_GetsTheDefault()
    {
        var reward = OutageEntry.TryParse("""{"t":"r","x":"exp","id":"d1","arm":"A","p":0.5,"r":1}""")!.ToReward();

        Assert.Equal(RouterConfig.DefaultDiscountHalfLifeSeconds, reward.HalfLifeSeconds);
    }

    [Fact]
    public void Decision_Contextual_KeepsItsContextThroughTheLog_OthersHaveNone()
    {
        double[] x = [1, 0.6931471805599453, 0];
        var line = OutageEntry.ForDecision("exp", new DecisionRecord("d1", "A", 0.4, StrategyNames.LinearThompson, "7", Context: x)).ToLine();
        var plain = OutageEntry.ForDecision("exp", new DecisionRecord("d2", "A", 0.4, StrategyNames.Thompson, "7")).ToLine();

        var decision = OutageEntry.TryParse(line)!.ToDecision();

        Assert.Equal(x, decision.Context);
        Assert.Equal(("d1", "A", 0.4, StrategyNames.LinearThompson, "7"), (decision.Id, decision.Arm, decision.Propensity, decision.Strategy, decision.UserKey));
        Assert.Null(OutageEntry.TryParse(plain)!.ToDecision().Context);
        Assert.DoesNotContain("\"c\"", plain, StringComparison.Ordinal);
    }

    [Fact]
    public void Decision_KeepsEveryArmsPromiseAndItsVersionThroughTheLog()
    {
        var line = OutageEntry.ForDecision("exp", new DecisionRecord("d1", "B", 0.7, "hash", "u", ["A", "B"], [0.3, 0.7], "5")).ToLine();

        var decision = OutageEntry.TryParse(line)!.ToDecision();

        Assert.Equal(["A", "B"], decision.PromisedArms!);
        Assert.Equal([0.3, 0.7], decision.Promised!);
        Assert.Equal(("d1", "B", 0.7, "5"), (decision.Id, decision.Arm, decision.Propensity, decision.Version));
    }

    [Fact]
    public void Decision_WrittenBeforePromisesExisted_HasNone()
    {
        var decision = OutageEntry.TryParse("""{"t":"d","x":"exp","id":"d1","arm":"A","p":0.5,"s":"hash","u":"1"}""")!.ToDecision();

        Assert.Null(decision.Promised);
    }

    [Fact]
    public void Type_IsWrittenAsTheOneLetterCodesOfOlderLines()
    {
        var decision = OutageEntry.ForDecision("exp", new DecisionRecord("d1", "A", 0.5, "hash", "u")).ToLine();
        var reward = OutageEntry.ForReward("exp", new RewardRecord("d1", "A", 1.0, 0.5)).ToLine();

        Assert.StartsWith("""{"t":"d",""", decision, StringComparison.Ordinal);
        Assert.StartsWith("""{"t":"r",""", reward, StringComparison.Ordinal);
        Assert.Equal(OutageEntryType.Decision, OutageEntry.TryParse(decision)!.Type);
        Assert.Equal(OutageEntryType.Reward, OutageEntry.TryParse(reward)!.Type);
    }

    [Theory]
    [InlineData("""{"t":"x","x":"exp","id":"d1","arm":"A","p":0.5}""")]
    [InlineData("""{"t":7,"x":"exp","id":"d1","arm":"A","p":0.5}""")]
    [InlineData("""{"t":"Decision","x":"exp","id":"d1","arm":"A","p":0.5}""")]
    public void Line_OfNoKnownType_IsNotAnEntry(string line)
    {
        Assert.Null(OutageEntry.TryParse(line));
    }
}
