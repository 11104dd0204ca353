using Bandit.Router.Store;

namespace Bandit.Router.Tests.State;

/// <summary>
/// Evidence per model version, for every store: each decision counts for the version its arm served, and so do its
/// reward and failure whenever they arrive — after the alias moved, or replayed from the outage log. The arm's live
/// version is read alone (a new version starts from nothing); earlier versions stay readable; a reset clears all.
/// </summary>
public abstract partial class BanditStoreContract
{
    [Fact]
    public async Task Versions_AfterAMove_TheOldVersionsRewardsDoNotCountForTheNewOne()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, Versioned("d1", "A", "3"));
        await store.RecordDecisionAsync(_experiment, Versioned("d2", "A", "3"));
        await store.RecordRewardAsync(_experiment, new RewardRecord("d1", "A", 1.0, 0.5));
        await store.RecordDecisionAsync(_experiment, Versioned("d3", "A", "7")); // PolicyA moved from 3 to 7

        // A reward for a version-3 decision arriving after the move, and a version-3 decision replayed from the outage log.
        await store.RecordRewardAsync(_experiment, new RewardRecord("d2", "A", 1.0, 0.5));
        await store.RecordDecisionAsync(_experiment, Versioned("d4", "A", "3"));
        await store.RecordRewardAsync(_experiment, new RewardRecord("d4", "A", 0.0, 0.5));

        var live = (await store.GetCountersAsync(_experiment, ["A"], ["7"])).Arms[0];
        Assert.Equal(new ArmCounters("A", 1, 0, 0, 0, 0, ArmPulls: 4), live);
        var old = (await store.GetCountersAsync(_experiment, ["A"], ["3"])).Arms[0];
        Assert.Equal((3L, 3L, 2.0), (old.Pulls, old.Updates, old.Rewards));
        var all = (await store.GetCountersAsync(_experiment, ["A"])).Arms[0];
        Assert.Equal(new ArmCounters("A", 4, 3, 2.0, 0), all);
    }

    [Fact]
    public async Task Versions_ListedNewestFirst_WithTheirCountersAndDiscountedSums_FromAnyStore()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, Versioned("d1", "A", "3"));
        await store.RecordRewardAsync(_experiment, new RewardRecord("d1", "A", 1.0, 0.5, HalfLifeSeconds: 3600));
        await Task.Delay(5); // first-seen times differ
        await store.RecordDecisionAsync(_experiment, Versioned("d2", "A", "7"));
        Assert.True(await store.RecordFailureAsync(_experiment, "d2", "A", "status 500"));

        var versions = await SecondStoreOverSameState(store).GetVersionsAsync(_experiment, "A");

        Assert.Equal(["7", "3"], versions.Select(v => v.Version));
        Assert.Equal((0L, 1L), (versions[0].Pulls, versions[0].Failures));
        Assert.Equal((1L, 1L, 1.0), (versions[1].Pulls, versions[1].Updates, versions[1].Rewards));
        Assert.InRange(versions[1].Discounted.Updates, 0.99, 1.0);
        var live = await store.GetCountersAsync(_experiment, ["A"], ["3"]);
        Assert.InRange(live.DiscountedAt(0, 3600).Updates, 0.99, 1.0); // a version's discounted sums are its own
        Assert.Empty(await store.GetVersionsAsync(_experiment, "B"));
    }

    [Fact]
    public async Task Versions_ResetClearsEveryVersion()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, Versioned("d1", "A", "3"));
        await store.RecordDecisionAsync(_experiment, Versioned("d2", "A", "7"));

        await store.ResetAsync(_experiment, ["A"]);

        Assert.Empty(await store.GetVersionsAsync(_experiment, "A"));
        Assert.Equal(new ArmCounters("A", 0, 0, 0, 0, 0, ArmPulls: 0), (await store.GetCountersAsync(_experiment, ["A"], ["3"])).Arms[0]);
    }

    private static DecisionRecord Versioned(string id, string arm, string version) => new(id, arm, 0.5, "thompson", "1", Version: version);
}
