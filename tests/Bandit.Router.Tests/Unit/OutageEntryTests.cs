using Bandit.Allocation;
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
}
