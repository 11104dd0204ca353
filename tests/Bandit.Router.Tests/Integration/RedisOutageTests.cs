using System.Net;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Store;
using Bandit.Router.Tests.Support;
using Bandit.TestSupport;
using StackExchange.Redis;

namespace Bandit.Router.Tests.Integration;

/// <summary>Redis crashes (killed, restarted empty, no persistence): buffered while it is down, the mode in /stats, recovery after, the shared secret restored.</summary>
public sealed class RedisOutageTests(RedisServer redis, VariantPair variants) : IClassFixture<RedisServer>, IClassFixture<VariantPair>
{
    [Fact]
    public async Task RedisKilledAndRestartedEmpty_RewardsBufferedWhileDown_StatsSayTheMode_LostDecisionsStayUnknown()
    {
        var config = TestConfigs.TwoArms(StrategyNames.Thompson, TestConfigs.NewTag());
        var connection = redis.ConnectionString + ",asyncTimeout=1000,syncTimeout=1000,connectTimeout=1000";
        await using var router = await RunningRouter.StartAsync(new RouterSettings().WithVariants(variants.A, variants.B).WithRedis(connection).WithConfig(config));
        var before = await router.Client.ChooseAsync(1);
        Assert.Equal(HttpStatusCode.OK, (await router.Client.UpdateAsync(before.DecisionId, 1.0)).Status);
        var pending = await router.Client.ChooseAsync(2);

        redis.Stop();
        Choice during;
        try
        {
            var (status, body) = await router.Client.UpdateAsync(pending.DecisionId, 1.0);
            Assert.Equal(HttpStatusCode.Accepted, status);
            Assert.Equal("buffered", body!.Value.GetProperty("status").GetString());
            Assert.Equal(pending.Arm, body.Value.GetProperty("arm").GetString());
            Assert.Equal(pending.DecisionId, body.Value.GetProperty("decisionId").GetString());

            // Recommendations keep flowing from the cached posteriors; the decision goes to the outage log.
            during = await router.Client.ChooseAsync(3);
            Assert.Contains(during.Arm, config.Arms.Select(a => a.Name));
            var stats = await router.Client.GetJsonAsync("stats");
            Assert.Equal("unavailable", stats.GetProperty("store").GetString());
            Assert.Equal("cached-posteriors", stats.GetProperty("allocation").GetString());
            Assert.Equal(2, stats.GetProperty("buffered").GetInt32());
            Assert.Equal(System.Text.Json.JsonValueKind.String, stats.GetProperty("countersAsOf").ValueKind); // the last counters read, not fresh
            Assert.InRange(stats.GetProperty("totalPulls").GetInt64(), 0, 2);
            using var health = await router.Client.Http.GetAsync("health");
            // Degraded (200), not Unhealthy: an orchestrator must keep sending traffic to a Router that still serves.
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("Degraded", await health.Content.ReadAsStringAsync());

            // Forged ids are still refused without Redis: the HMAC is checked locally.
            Assert.Equal(HttpStatusCode.NotFound, (await router.Client.UpdateAsync(pending.DecisionId + "x", 1.0)).Status);
        }
        finally
        {
            await redis.StartAsync();
        }

        await Eventually.HoldsAsync(async () =>
        {
            var stats = await router.Client.GetJsonAsync("stats");
            return stats.GetProperty("store").GetString() == "available" && stats.GetProperty("buffered").GetInt32() == 0;
        }, "the router to apply its outage log", TimeSpan.FromSeconds(20));

        // The decision taken during the outage was applied to the new (empty) Redis: rewardable once.
        Assert.Equal("recorded", (await router.Client.UpdateAsync(during.DecisionId, 1.0)).Body!.Value.GetProperty("status").GetString());
        var after = await router.Client.ChooseAsync(4);
        Assert.Equal("recorded", (await router.Client.UpdateAsync(after.DecisionId, 1.0)).Body!.Value.GetProperty("status").GetString());
        var total = (await router.Client.GetJsonAsync("stats")).GetProperty("arms").EnumerateArray().Sum(a => a.GetProperty("updates").GetInt64());
        Assert.Equal(2, total);

        // Redis restarted empty (no persistence): the pending decision is gone, so its buffered reward was dropped
        // as unknown, and a repeat is refused, not miscounted.
        Assert.Equal(HttpStatusCode.NotFound, (await router.Client.UpdateAsync(pending.DecisionId, 1.0)).Status);
    }

    [Fact]
    public async Task RedisKnownDown_HistoryAndOffPolicy_Answer503AtOnce_NotAfterTheStoresTimeout()
    {
        var config = TestConfigs.TwoArms(StrategyNames.Thompson, TestConfigs.NewTag());
        // The store's own timeout is StackExchange.Redis's default, 5 s: each read below used to wait it out (and the Ui's
        // retry of that 503 then ran into its own 10 s timeout, so the Experiment page said "did not answer in time").
        await using var router = await RunningRouter.StartAsync(new RouterSettings().WithVariants(variants.A, variants.B).WithRedis(redis.ConnectionString).WithConfig(config));
        var choice = await router.Client.ChooseAsync(1);

        redis.Stop();
        try
        {
            // The first write that fails tells the Router the store is down; from then on it knows.
            Assert.Equal(HttpStatusCode.Accepted, (await router.Client.UpdateAsync(choice.DecisionId, 1.0)).Status);
            foreach (var path in new[] { "stats/history", "stats/offpolicy" })
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                using var response = await router.Client.Http.GetAsync(path);
                var waited = clock.Elapsed;

                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains("bandit store", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                Assert.True(waited < TimeSpan.FromSeconds(2.5), $"{path} took {waited.TotalSeconds:F1} s: it waited for the store it knows is down");
            }
        }
        finally
        {
            await redis.StartAsync();
        }
    }

    [Fact]
    public async Task Secret_LostWithRedisData_IsRestoredFromTheProposal()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var store = new RedisBanditStore(connection, new BanditStoreSettings(TimeSpan.FromHours(1), 1000));
        var held = await store.GetOrCreateSecretAsync();
        await connection.GetDatabase().KeyDeleteAsync("bandit:secret");

        var restored = await store.GetOrCreateSecretAsync(held);

        Assert.Equal(held, restored);
        Assert.Equal(held, (byte[]?)await connection.GetDatabase().StringGetAsync("bandit:secret"));
    }
}
