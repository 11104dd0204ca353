using Bandit.Router.Choosing;
using Bandit.Router.Store;

namespace Bandit.Router.Tests.State;

/// <summary>
/// The discounted sums of discounted Thompson sampling, for every store: decayed by the store's clock (Redis TIME, the
/// same clock for every replica), updated only by a recorded reward (exactly once, like the counters).
/// </summary>
public abstract partial class BanditStoreContract
{
    [Fact]
    public async Task Discounted_AfterRewards_AreTheRewardsWeightedByAge()
    {
        // Half-life one hour: within the few seconds of the test a reward keeps a weight in [2^(−(elapsed + 2 ms)/3600 s), 1].
        var store = CreateStore();
        var started = DateTimeOffset.UtcNow;
        await store.RecordDecisionAsync(_experiment, Decision("d1", "A"));
        await store.RecordDecisionAsync(_experiment, Decision("d2", "A"));
        await store.RecordRewardAsync(_experiment, new RewardRecord("d1", "A", 1.0, 0.5, HalfLifeSeconds: 3600));
        await store.RecordRewardAsync(_experiment, new RewardRecord("d2", "A", 0.0, 0.5, HalfLifeSeconds: 3600));

        var counters = await store.GetCountersAsync(_experiment, ["A", "B"]);

        // + 2 ms: the stores keep times in whole milliseconds, so the age they decay by can exceed the elapsed time
        // measured here by up to a millisecond each at write and at read (seen: 1.0 ms of decay after 0.5 ms measured).
        var floor = double.Exp2(-((DateTimeOffset.UtcNow - started).TotalSeconds + 0.002) / 3600);
        var a = counters.DiscountedAt(0, 3600);
        Assert.InRange(a.Updates, 2 * floor, 2.0);
        Assert.InRange(a.Rewards, floor, 1.0);
        Assert.Equal((0.0, 0.0), (counters.DiscountedAt(1, 3600).Updates, counters.DiscountedAt(1, 3600).Rewards));
        var stats = counters.ToArmStats(3600).ToArray();
        Assert.Equal((a.Updates, a.Rewards), (stats[0].DiscountedUpdates, stats[0].DiscountedRewards));
    }

    [Fact]
    public async Task Discounted_DecayByTheStoresClockWithTheHalfLife()
    {
        // Half-life 200 ms. The reward is added at some instant w in [a0, a1] and read at r in [b0, b1] (this process's
        // clock, the machine's clock that Redis reads too), so its weight 2^(−(r − w)/200 ms) lies between
        // 2^(−(b1 − a0)/200) and 2^(−(b0 − a1)/200); ±2 ms for the store's millisecond truncation.
        const double halfLife = 0.2;
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, Decision("d1", "A"));
        var a0 = DateTimeOffset.UtcNow;
        await store.RecordRewardAsync(_experiment, new RewardRecord("d1", "A", 1.0, 0.5, halfLife));
        var a1 = DateTimeOffset.UtcNow;

        await Task.Delay(300);
        var b0 = DateTimeOffset.UtcNow;
        var counters = await store.GetCountersAsync(_experiment, ["A"]);
        var b1 = DateTimeOffset.UtcNow;

        var weight = counters.DiscountedAt(0, halfLife);
        var least = double.Exp2(-((b1 - a0).TotalMilliseconds + 2) / 200);
        var most = double.Exp2(-((b0 - a1).TotalMilliseconds - 2) / 200);
        Assert.InRange(weight.Updates, least, most);
        Assert.Equal(weight.Updates, weight.Rewards, 12);
        Assert.True(most < 0.5, $"the test waited more than one half-life, so the weight must be below 1/2 (bound {most:F3})");
    }

    [Fact]
    public async Task Discounted_SecondReward_DecaysTheFirstThenAddsOne()
    {
        // Two rewards Δ apart with half-life 200 ms: just after the second, updates = 2^(−Δ/200 ms) + 1 (read at once, so the
        // final decay to the read is in [2^(−(read gap + 2 ms)/200 ms), 1]).
        const double halfLife = 0.2;
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, Decision("d1", "A"));
        await store.RecordDecisionAsync(_experiment, Decision("d2", "A"));
        var a0 = DateTimeOffset.UtcNow;
        await store.RecordRewardAsync(_experiment, new RewardRecord("d1", "A", 1.0, 0.5, halfLife));
        var a1 = DateTimeOffset.UtcNow;
        await Task.Delay(250);
        var b0 = DateTimeOffset.UtcNow;
        await store.RecordRewardAsync(_experiment, new RewardRecord("d2", "A", 0.0, 0.5, halfLife));
        var counters = await store.GetCountersAsync(_experiment, ["A"]);
        var b1 = DateTimeOffset.UtcNow;

        var d = counters.DiscountedAt(0, halfLife);
        var least = double.Exp2(-((b1 - a0).TotalMilliseconds + 2) / 200);
        var most = double.Exp2(-((b0 - a1).TotalMilliseconds - 2) / 200);
        Assert.InRange(d.Rewards, least, most);
        Assert.InRange(d.Updates, d.Rewards + double.Exp2(-((b1 - b0).TotalMilliseconds + 2) / 200), d.Rewards + 1);
    }

    [Fact]
    public async Task Discounted_DuplicateConcurrentRewards_CountOnce()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, Decision("d1", "A"));

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => store.RecordRewardAsync(_experiment, new RewardRecord("d1", "A", 1.0, 0.5, 3600)))));

        var d = (await store.GetCountersAsync(_experiment, ["A"])).DiscountedAt(0, 3600);
        Assert.InRange(d.Updates, 0.999, 1.0);
        Assert.InRange(d.Rewards, 0.999, 1.0);
    }

    [Fact]
    public async Task Discounted_UnknownStaleOrFailed_ChangeNothingAndResetClears()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, Decision("old", "A"));
        await store.RecordDecisionAsync(_experiment, Decision("failed", "A"));
        await store.RecordRewardAsync(_experiment, new RewardRecord("nope", "A", 1.0, 0.5, 3600));
        await store.RecordFailureAsync(_experiment, "failed", "A", "status 502");
        await store.RecordRewardAsync(_experiment, new RewardRecord("failed", "A", 1.0, 0.5, 3600));
        var before = (await store.GetCountersAsync(_experiment, ["A"])).DiscountedAt(0, 3600);

        await store.ResetAsync(_experiment, ["A"]);
        await store.RecordRewardAsync(_experiment, new RewardRecord("old", "A", 1.0, 0.5, 3600));
        var after = (await store.GetCountersAsync(_experiment, ["A"])).DiscountedAt(0, 3600);

        Assert.Equal((0.0, 0.0), (before.Updates, before.Rewards));
        Assert.Equal((0.0, 0.0), (after.Updates, after.Rewards));
    }

    [Fact]
    public async Task Discounted_ReadThroughAnotherReplica_SameStoredValuesAndClock()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, Decision("d1", "A"));
        await store.RecordRewardAsync(_experiment, new RewardRecord("d1", "A", 1.0, 0.5, 60));

        var mine = await store.GetCountersAsync(_experiment, ["A"]);
        var theirs = await SecondStoreOverSameState(store).GetCountersAsync(_experiment, ["A"]);

        // The stored (value, time) pair is the same for every reader; the read times differ by the gap between reads.
        Assert.Equal(mine.Discounted![0], theirs.Discounted![0]);
        Assert.InRange(theirs.NowMs - mine.NowMs, 0, 5_000);
    }
}
