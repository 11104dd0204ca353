using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Store;

namespace Bandit.Router.Tests.State;

/// <summary>
/// The contextual strategy's state, for every store: a reward of a decision recorded with a context adds x xᵀ and r·x
/// to its arm's linear statistics and a hit or miss to the user's history, exactly once (inside the reward's own
/// exactly-once step); other decisions leave both alone; a reset clears the statistics, not the users' histories.
/// The contexts hold small dyadic numbers, so every sum is exact in floating point and compared with ==.
/// </summary>
public abstract partial class BanditStoreContract
{
    private static readonly string[] Ab = ["A", "B"];

    [Fact]
    public async Task Linear_ContextualRewards_AddOuterProductsAndRewardTimesContext_DuplicateAddsNothing()
    {
        var store = CreateStore();
        double[] x1 = [1, 0.5, -2];
        double[] x2 = [1, 0.25, 4];
        await store.RecordDecisionAsync(_experiment, Contextual("c1", "A", "7", x1));
        await store.RecordDecisionAsync(_experiment, Contextual("c2", "A", "7", x2));
        await store.RecordDecisionAsync(_experiment, Contextual("c3", "B", "8", x2));

        Assert.Equal(RewardOutcome.Recorded, await store.RecordRewardAsync(_experiment, new RewardRecord("c1", "A", 1.0, 0.5)));
        Assert.Equal(RewardOutcome.Recorded, await store.RecordRewardAsync(_experiment, new RewardRecord("c2", "A", 0.0, 0.5)));
        Assert.Equal(RewardOutcome.Duplicate, await store.RecordRewardAsync(_experiment, new RewardRecord("c1", "A", 1.0, 0.5)));
        Assert.Equal(RewardOutcome.Duplicate, await store.RecordRewardAsync(_experiment, new RewardRecord("c2", "A", 1.0, 0.5)));

        var linear = (ILinearBanditStore)SecondStoreOverSameState(store);
        var stats = await linear.GetLinearStatsAsync(_experiment, Ab, 3);
        var expected = new LinearArmStats(3);
        expected.Add(x1, 1.0);
        expected.Add(x2, 0.0);
        AssertStats(expected, stats[0]);
        AssertStats(new LinearArmStats(3), stats[1]); // c3 was not rewarded

        var user7 = await linear.GetUserHistoryAsync(_experiment, "7", Ab);
        Assert.Equal([1, 0], user7.Misses);
        Assert.Equal([1, 0], user7.Hits);
        var user8 = await linear.GetUserHistoryAsync(_experiment, "8", Ab);
        Assert.Equal([0, 0], user8.Misses);
        Assert.Equal([0, 0], user8.Hits);
    }

    [Fact]
    public async Task Linear_NonContextualDecision_LeavesStatisticsAndHistoryAlone()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, Decision("d1", "A"));

        Assert.Equal(RewardOutcome.Recorded, await store.RecordRewardAsync(_experiment, new RewardRecord("d1", "A", 1.0, 0.5)));

        var linear = (ILinearBanditStore)store;
        Assert.Equal(0, (await linear.GetLinearStatsAsync(_experiment, Ab, 3))[0].Count);
        Assert.Equal(0, (await linear.GetUserHistoryAsync(_experiment, "1", Ab)).Hits[0]);
        Assert.Equal(1, (await store.GetCountersAsync(_experiment, Ab)).Arms[0].Updates);
    }

    [Fact]
    public async Task Linear_Reset_ClearsStatisticsKeepsHistories_StaleRewardAddsNothing()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, Contextual("c1", "A", "7", [1, 2]));
        await store.RecordDecisionAsync(_experiment, Contextual("c2", "A", "7", [1, 2]));
        await store.RecordRewardAsync(_experiment, new RewardRecord("c1", "A", 1.0, 0.5));

        await store.ResetAsync(_experiment, Ab);
        Assert.Equal(RewardOutcome.Stale, await store.RecordRewardAsync(_experiment, new RewardRecord("c2", "A", 1.0, 0.5)));

        var linear = (ILinearBanditStore)store;
        var stats = (await linear.GetLinearStatsAsync(_experiment, Ab, 2))[0];
        AssertStats(new LinearArmStats(2), stats);
        Assert.Equal(1, (await linear.GetUserHistoryAsync(_experiment, "7", Ab)).Hits[0]);
    }

    [Fact]
    public async Task Linear_ConcurrentRewardsEachSentTwiceFromTwoStores_CountExactlyOnce()
    {
        // 100 contextual decisions; each reward is sent twice at once, once through each store (two replicas): the
        // statistics must hold exactly the 100 first arrivals, whatever the interleaving.
        var first = CreateStore();
        var second = SecondStoreOverSameState(first);
        var expected = new LinearArmStats(2);
        for (var i = 0; i < 100; i++)
        {
            double[] x = [1, (i % 8) / 4.0];
            await first.RecordDecisionAsync(_experiment, Contextual($"c{i}", "A", (i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture), x));
            expected.Add(x, i % 3 == 0 ? 1.0 : 0.0);
        }

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).SelectMany(i => new[] { first, second }.Select(store =>
            Task.Run(() => store.RecordRewardAsync(_experiment, new RewardRecord($"c{i}", "A", i % 3 == 0 ? 1.0 : 0.0, 0.5))))));

        Assert.Equal(100, outcomes.Count(o => o == RewardOutcome.Recorded));
        Assert.Equal(100, outcomes.Count(o => o == RewardOutcome.Duplicate));
        var stats = (await ((ILinearBanditStore)first).GetLinearStatsAsync(_experiment, Ab, 2))[0];
        AssertStats(expected, stats);
        var histories = await Task.WhenAll(Enumerable.Range(0, 10).Select(u => ((ILinearBanditStore)second).GetUserHistoryAsync(_experiment, u.ToString(System.Globalization.CultureInfo.InvariantCulture), Ab)));
        Assert.Equal(100, histories.Sum(h => h.Hits[0] + h.Misses[0]));
        Assert.Equal(34, histories.Sum(h => h.Hits[0])); // i % 3 == 0 for 34 of 0..99
    }

    private static DecisionRecord Contextual(string id, string arm, string user, double[] x) => new(id, arm, 0.5, StrategyNames.LinearThompson, user, Context: x);

    private static void AssertStats(LinearArmStats expected, LinearArmStats actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Gram, actual.Gram);
        Assert.Equal(expected.Xr, actual.Xr);
    }
}
