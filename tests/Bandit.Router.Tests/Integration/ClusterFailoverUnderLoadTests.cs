using System.Diagnostics;
using System.Globalization;
using Bandit.Router.Tests.Support;
using Bandit.TestSupport;
using Xunit.Abstractions;

namespace Bandit.Router.Tests.Integration;

/// <summary>
/// The master holding the experiment's slot is killed under concurrent /choose + /update load on a Redis Cluster and
/// its replica promoted a second later: /choose keeps answering, what cannot reach Redis meanwhile goes to the outage
/// log, and once it has drained every decision the clients got is counted once and every reward once, duplicates
/// included — in /stats and in Redis.
/// </summary>
public sealed class ClusterFailoverUnderLoadTests(VariantPair variants, ITestOutputHelper output) : IClassFixture<VariantPair>, IAsyncLifetime
{
    private const int PairsBeforeKill = 300;
    private const int PairsAfterFailover = 300;

    // Its own cluster: this test kills one of its nodes.
    private readonly RedisCluster _cluster = new();

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task SlotMasterKilledMidLoad_ReplicaTakesOver_EveryDecisionAndRewardCountedExactlyOnce()
    {
        await using var load = await FaultUnderLoad.StartAsync(variants, _cluster.ConnectionString);

        // The clients run until the replica has served PairsAfterFailover pairs.
        var (failed, killedAt, promotedAt, took) = await load.RunAsync(async () =>
        {
            await load.PairsDoneAsync(PairsBeforeKill, "load before the kill");
            var killedAt = load.Done;
            var clock = Stopwatch.StartNew();
            var result = await _cluster.KillMasterAsync($"bandit:{{{load.Config.ExperimentKey}}}:epoch", promoteAfter: TimeSpan.FromSeconds(1));
            var promotedAt = load.Done;
            var took = clock.Elapsed;
            await load.PairsDoneAsync(promotedAt + PairsAfterFailover, "load after the failover");
            return (result, killedAt, promotedAt, took);
        }, seed: 2000);
        await load.RecoveredAsync();

        var (buffered, drained) = load.OutageTotals;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"slot {failed.Slot}: master {failed.KilledPort} killed after {killedAt} pairs, replica {failed.PromotedPort} serving after {took.TotalSeconds:F1} s " +
            $"and {promotedAt} pairs; {load.Done} pairs in all; statuses {string.Join(", ", load.Statuses.OrderBy(s => s.Key))}; outage log: {buffered} buffered, {drained} drained"));
        await using var redis = await _cluster.ConnectAsync();
        await load.AssertCountedOnceAsync(redis);
        Assert.True(promotedAt > killedAt, "/choose answered while the slot had no master");
        Assert.True(buffered > 0, "the failover reached the Router: something went to the outage log");
    }
}
