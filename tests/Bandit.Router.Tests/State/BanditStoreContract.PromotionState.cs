using Bandit.Router.Store;

namespace Bandit.Router.Tests.State;

/// <summary>The auto-promotion memory, for every store: nothing until written, then the last write, seen by another
/// store over the same state (another replica, or the next process on the same Redis), and per experiment.</summary>
public abstract partial class BanditStoreContract
{
    [Fact]
    public async Task PromotionState_NoneUntilWritten_ThenTheLastWrite_ForEveryReplica()
    {
        var store = (IPromotionStateStore)CreateStore();
        var other = (IPromotionStateStore)SecondStoreOverSameState((IBanditStore)store);
        var experiment = "promotion-" + Guid.NewGuid().ToString("N");

        Assert.Null(await store.GetPromotionStateAsync(experiment));
        await store.SetPromotionStateAsync(experiment, "{\"leader\":\"A\"}");
        await other.SetPromotionStateAsync(experiment, "{\"leader\":\"B\"}");

        Assert.Equal("{\"leader\":\"B\"}", await store.GetPromotionStateAsync(experiment));
        Assert.Equal("{\"leader\":\"B\"}", await other.GetPromotionStateAsync(experiment));
        Assert.Null(await other.GetPromotionStateAsync(experiment + "-another"));
    }
}
