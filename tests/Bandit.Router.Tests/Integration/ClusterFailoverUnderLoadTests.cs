using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Ledger;
using Bandit.Router.Tests.Support;
using Bandit.TestSupport;
using Microsoft.Extensions.DependencyInjection;
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
    private const int Clients = 4;
    private const int PairsBeforeKill = 300;
    private const int PairsAfterFailover = 300;

    // Its own cluster: this test kills one of its nodes.
    private readonly RedisCluster _cluster = new();

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task SlotMasterKilledMidLoad_ReplicaTakesOver_EveryDecisionAndRewardCountedExactlyOnce()
    {
        var config = TestConfigs.TwoArms(StrategyNames.Thompson, TestConfigs.NewTag());
        var connection = _cluster.ConnectionString + ",asyncTimeout=1000,syncTimeout=1000,connectTimeout=1000";
        await using var router = await RunningRouter.StartAsync(new RouterSettings().WithVariants(variants.A, variants.B).WithRedis(connection).WithConfig(config));
        var ledger = new RewardLedger();
        var statuses = new ConcurrentDictionary<string, int>();
        var done = 0;
        using var stop = new CancellationTokenSource();
        var failover = Task.Run(async () =>
        {
            try
            {
                await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref done) >= PairsBeforeKill), "load before the kill", TimeSpan.FromSeconds(60));
                var killedAt = Volatile.Read(ref done);
                var clock = Stopwatch.StartNew();
                var result = await _cluster.KillMasterAsync($"bandit:{{{config.ExperimentKey}}}:epoch", promoteAfter: TimeSpan.FromSeconds(1));
                var promotedAt = Volatile.Read(ref done);
                var took = clock.Elapsed;
                await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref done) >= promotedAt + PairsAfterFailover), "load after the failover", TimeSpan.FromSeconds(60));
                return (result, killedAt, promotedAt, took);
            }
            finally
            {
                await stop.CancelAsync();
            }
        });

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            var random = new Random(2000 + c);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                // Every /choose must answer 200 (ChooseAsync asserts it), through the failover too.
                var choice = await router.Client.ChooseAsync(random.Next(0, 100_000), k: 1);
                ledger.Pull(choice.Arm);
                var reward = random.NextDouble() < 0.3 ? 1.0 : 0.0;
                statuses.AddOrUpdate(await RewardAsync(router.Client, choice.DecisionId, reward), 1, (_, n) => n + 1);
                ledger.Reward(choice.Arm, choice.DecisionId, reward);
                if (i % 5 == 0)
                {
                    // A duplicate with the opposite value: never counted.
                    var again = (await router.Client.UpdateBatchAsync([(choice.DecisionId, 1.0 - reward)]))[0].GetProperty("status").GetString()!;
                    Assert.Contains(again, new[] { "duplicate", "buffered" });
                }

                Interlocked.Increment(ref done);
            }
        })));
        var (failed, killedAt, promotedAt, took) = await failover;

        await Eventually.HoldsAsync(async () =>
        {
            var stats = await router.Client.GetJsonAsync("stats");
            return stats.GetProperty("store").GetString() == "available" && stats.GetProperty("buffered").GetInt32() == 0;
        }, "the outage log to be applied", TimeSpan.FromSeconds(30));

        // Every reward sent again after the recovery is a duplicate.
        foreach (var chunk in ledger.Rewards.Chunk(500))
        {
            var results = await router.Client.UpdateBatchAsync(chunk.Select(r => (r.Key, 1.0 - r.Value.Reward)));
            Assert.All(results.EnumerateArray(), r => Assert.Equal("duplicate", r.GetProperty("status").GetString()));
        }

        await using var redis = await _cluster.ConnectAsync();
        var db = redis.GetDatabase();
        foreach (var arm in config.ArmNames())
        {
            var stats = await router.Client.ArmStatsAsync(arm);
            Assert.Equal(ledger.Pulls.GetValueOrDefault(arm), stats.GetProperty("pulls").GetInt64());
            Assert.Equal(ledger.Updates(arm), stats.GetProperty("updates").GetInt64());
            Assert.Equal(ledger.RewardSum(arm), stats.GetProperty("rewards").GetDouble());
            var key = $"bandit:{{{config.ExperimentKey}}}:arm:{arm}";
            Assert.Equal(ledger.Pulls.GetValueOrDefault(arm), (long)await db.HashGetAsync(key, "pulls"));
            Assert.Equal(ledger.Updates(arm), (long)await db.HashGetAsync(key, "updates"));
        }

        var (buffered, drained) = router.Server.Services.GetRequiredService<OutageLog>().Totals;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"slot {failed.Slot}: master {failed.KilledPort} killed after {killedAt} pairs, replica {failed.PromotedPort} serving after {took.TotalSeconds:F1} s " +
            $"and {promotedAt} pairs; {Volatile.Read(ref done)} pairs in all; statuses {string.Join(", ", statuses.OrderBy(s => s.Key))}; outage log: {buffered} buffered, {drained} drained"));
        Assert.True(promotedAt > killedAt, "/choose answered while the slot had no master");
        Assert.True(buffered > 0, "the failover reached the Router: something went to the outage log");
        Assert.Equal(buffered, drained);
    }

    /// <summary>One reward: 200 recorded, or 202 buffered while the slot has no master.</summary>
    private static async Task<string> RewardAsync(RouterClient client, string decisionId, double reward)
    {
        var (status, body) = await client.UpdateAsync(decisionId, reward);
        var text = body!.Value.GetProperty("status").GetString()!;
        Assert.True(status == HttpStatusCode.OK && text == "recorded" || status == HttpStatusCode.Accepted && text == "buffered", $"/update answered {(int)status} {text}");
        return text;
    }
}
