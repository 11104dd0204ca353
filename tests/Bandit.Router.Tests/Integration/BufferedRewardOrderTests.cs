using Bandit.Contracts;
using Bandit.Router.Experiment;
using Bandit.Router.Ledger;
using Bandit.Router.Rewards;
using Bandit.Router.Store;
using Bandit.Router.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bandit.Router.Tests.Integration;

/// <summary>
/// The first reward of a decision wins, even when it waits in the outage log while the store is back: a repeat sent
/// meanwhile must not overtake it. (Found by the Redis Cluster failover test: the outage probe's slot was up while the
/// experiment's was not, so the store was "available" with rewards still buffered.)
/// </summary>
public sealed class BufferedRewardOrderTests
{
    [Fact]
    public async Task RewardRepeated_WhileTheFirstWaitsInTheOutageLog_IsBufferedBehindIt_AndTheFirstValueCounts()
    {
        var config = TestConfigs.TwoArms(StrategyNames.Thompson, TestConfigs.NewTag());
        await using var router = await RunningRouter.StartAsync(new RouterSettings().WithConfig(config));
        var services = router.Server.Services;
        var experiment = services.GetRequiredService<LiveExperiment>().Current.ExperimentKey;
        var arm = config.Arms[0].Name;
        var store = services.GetRequiredService<IBanditStore>();
        await store.RecordDecisionAsync(experiment, new DecisionRecord("d1", arm, 0.5, "thompson", "u1"));

        // The first reward (1.0) was buffered during an outage and is not applied yet; the store is available again.
        Assert.True(services.GetRequiredService<OutageLog>().TryAppend([OutageEntry.ForReward(experiment, new RewardRecord("d1", arm, 1.0, 0.5))]));
        var repeat = await services.GetRequiredService<RewardService>().RecordAsync([new RewardCheck.Accepted(new RewardRecord("d1", arm, 0.0, 0.5), experiment, "d1")], CancellationToken.None);

        // Buffered behind the first; or a duplicate, if the drainer applied the first in between. Never recorded.
        Assert.Contains(repeat[0].Status, new[] { UpdateStatus.Buffered, UpdateStatus.Duplicate });
        await Eventually.HoldsAsync(() => Task.FromResult(services.GetRequiredService<OutageLog>().Count == 0), "the outage log to drain");
        var counters = (await store.GetCountersAsync(experiment, [arm])).Arms[0];
        Assert.Equal((1L, 1.0), (counters.Updates, counters.Rewards));
    }
}
