using Bandit.Router.Store;

namespace Bandit.Router.Tests.State;

/// <summary>
/// The promised counts of the sample-ratio check, for every store: each decision adds every arm's probability in the
/// same atomic step as its pull (so the two cannot drift apart), once per decision id; a failure takes the pull back but
/// not the promise (the served split then differs from the promised one, which is what the check is for); a reset clears both.
/// </summary>
public abstract partial class BanditStoreContract
{
    private static readonly string[] _ab = ["A", "B"];

    [Fact]
    public async Task Promised_EachDecisionAddsEveryArmsProbability_OncePerId()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, Promising("d1", "A", 0.3, 0.7));
        await store.RecordDecisionAsync(_experiment, Promising("d2", "B", 0.3, 0.7));
        await store.RecordDecisionAsync(_experiment, Promising("d3", "B", 0.25, 0.75));

        await store.RecordDecisionAsync(_experiment, Promising("d3", "B", 0.25, 0.75)); // a replay from the outage log

        var counters = await store.GetCountersAsync(_experiment, _ab);
        Assert.Equal((1L, 0.85), (counters.Arms[0].Pulls, Math.Round(counters.Arms[0].Promised, 12)));
        Assert.Equal((2L, 2.15), (counters.Arms[1].Pulls, Math.Round(counters.Arms[1].Promised, 12)));
    }

    [Fact]
    public async Task Promised_AFailureTakesThePullBackButNotThePromise_AndAResetClearsIt()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, Promising("d1", "A", 0.5, 0.5));
        await store.RecordDecisionAsync(_experiment, Promising("d2", "B", 0.5, 0.5));

        await store.RecordFailureAsync(_experiment, "d2", "B", "status 500");

        var counters = await store.GetCountersAsync(_experiment, _ab);
        Assert.Equal([(1L, 1.0), (0L, 1.0)], counters.Arms.Select(a => (a.Pulls, a.Promised)));
        await store.ResetAsync(_experiment, _ab);
        Assert.All((await store.GetCountersAsync(_experiment, _ab)).Arms, a => Assert.Equal((0L, 0.0), (a.Pulls, a.Promised)));
    }

    [Fact]
    public async Task Promised_SeenByASecondStoreOverTheSameState()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, Promising("d1", "A", 0.4, 0.6));

        var counters = await SecondStoreOverSameState(store).GetCountersAsync(_experiment, _ab);

        Assert.Equal([0.4, 0.6], counters.Arms.Select(a => a.Promised));
    }

    [Fact]
    public async Task Decision_KeepsTheModelVersionItsArmServedOnItsEvent()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, Promising("d1", "A", 0.5, 0.5) with { Version = "7" });
        await store.RecordDecisionAsync(_experiment, Promising("d2", "B", 0.5, 0.5));

        var events = await SecondStoreOverSameState(store).ReadEventsAsync(_experiment, 10);

        Assert.Equal(["7", null], events.Select(e => e.Version));
    }

    private static DecisionRecord Promising(string id, string arm, double a, double b) => new(id, arm, arm == "A" ? a : b, "hash", "1", _ab, [a, b]);
}
