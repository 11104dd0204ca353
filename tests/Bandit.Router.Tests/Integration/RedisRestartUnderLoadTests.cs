using System.Collections.Concurrent;
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
/// Redis (with persistence, like production) killed and restarted in the middle of a load of decisions and rewards:
/// /choose keeps answering, rewards are taken into the outage log (202 buffered), and once Redis is back every decision
/// the clients got is counted once and every reward once, duplicates included.
/// </summary>
public sealed class RedisRestartUnderLoadTests(VariantPair variants, ITestOutputHelper output) : IClassFixture<VariantPair>, IAsyncLifetime
{
    private const int Clients = 4;
    private const int PairsPerClient = 300;

    private readonly RedisServer _redis = new() { Persistent = true };

    public Task InitializeAsync() => _redis.StartAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task RedisKilledAndRestartedMidLoad_EveryDecisionAndRewardCountedExactlyOnce()
    {
        var config = TestConfigs.TwoArms(StrategyNames.Thompson, TestConfigs.NewTag());
        var connection = _redis.ConnectionString + ",asyncTimeout=1000,syncTimeout=1000,connectTimeout=1000";
        await using var router = await RunningRouter.StartAsync(new RouterSettings().WithVariants(variants.A, variants.B).WithRedis(connection).WithConfig(config));
        var ledger = new RewardLedger();
        var done = 0;
        var statuses = new ConcurrentDictionary<string, int>();
        var outage = Task.Run(async () =>
        {
            await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref done) >= Clients * PairsPerClient / 4), "a quarter of the load", TimeSpan.FromSeconds(60));
            _redis.Stop();
            var killedAt = Volatile.Read(ref done);
            await Task.Delay(TimeSpan.FromSeconds(2));
            var restartedAt = Volatile.Read(ref done);
            await _redis.StartAsync();
            return (killedAt, restartedAt);
        });

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            var random = new Random(1000 + c);
            for (var i = 0; i < PairsPerClient; i++)
            {
                var choice = await router.Client.ChooseAsync(random.Next(0, 100_000), k: 1);
                ledger.Pull(choice.Arm);
                var reward = random.NextDouble() < 0.3 ? 1.0 : 0.0;
                statuses.AddOrUpdate(await RewardAsync(router.Client, choice.DecisionId, reward), 1, (_, n) => n + 1);
                ledger.Reward(choice.Arm, choice.DecisionId, reward);
                if (i % 5 == 0)
                {
                    // A duplicate with the opposite value, sent as a batch: never counted.
                    var again = (await router.Client.UpdateBatchAsync([(choice.DecisionId, 1.0 - reward)]))[0].GetProperty("status").GetString()!;
                    Assert.Contains(again, new[] { "duplicate", "buffered" });
                    statuses.AddOrUpdate("dup-" + again, 1, (_, n) => n + 1);
                }

                Interlocked.Increment(ref done);
            }
        })));
        var (killedAt, restartedAt) = await outage;

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

        await using var redis = await _redis.ConnectAsync();
        var db = redis.GetDatabase();
        foreach (var arm in config.ArmNames())
        {
            var key = $"bandit:{{{config.ExperimentKey}}}:arm:{arm}";
            Assert.Equal(ledger.Pulls.GetValueOrDefault(arm), (long)await db.HashGetAsync(key, "pulls"));
            Assert.Equal(ledger.Updates(arm), (long)await db.HashGetAsync(key, "updates"));
            Assert.Equal(ledger.RewardSum(arm), double.Parse((string?)await db.HashGetAsync(key, "rewards") ?? "0", CultureInfo.InvariantCulture));
        }

        var (buffered, drained) = router.Server.Services.GetRequiredService<OutageLog>().Totals;
        output.WriteLine($"pairs {Clients * PairsPerClient}: killed after {killedAt}, restarted after {restartedAt}; pulls {string.Join(", ", ledger.Pulls)}; " +
            $"statuses {string.Join(", ", statuses.OrderBy(s => s.Key))}; outage log: {buffered} buffered, {drained} drained");
        Assert.Equal(Clients * PairsPerClient, ledger.Pulls.Values.Sum());
        Assert.True(statuses.GetValueOrDefault("buffered") > 0, "some rewards were taken during the outage");
        Assert.True(buffered > statuses.GetValueOrDefault("buffered"), "decisions were buffered too");
        Assert.Equal(buffered, drained);
    }

    /// <summary>One reward: 200 recorded, or 202 buffered while Redis is away.</summary>
    private static async Task<string> RewardAsync(RouterClient client, string decisionId, double reward)
    {
        var (status, body) = await client.UpdateAsync(decisionId, reward);
        var text = body!.Value.GetProperty("status").GetString()!;
        Assert.True(status == HttpStatusCode.OK && text == "recorded" || status == HttpStatusCode.Accepted && text == "buffered", $"/update answered {(int)status} {text}");
        return text;
    }
}
