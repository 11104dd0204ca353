using System.Net;
using Bandit.Allocation;
using Bandit.Router.State;
using Bandit.Router.Tests.Support;
using Bandit.TestSupport;
using StackExchange.Redis;

namespace Bandit.Router.Tests.Integration;

/// <summary>Redis crashes (killed, restarted empty): clear 503s while it is down, recovery after, the shared secret restored.</summary>
public sealed class RedisOutageTests(RedisServer redis, VariantPair variants) : IClassFixture<RedisServer>, IClassFixture<VariantPair>
{
    [Fact]
    public async Task RedisKilledAndRestarted_UpdatesAre503WhileDownAndWorkAgainAfter()
    {
        var config = TestConfigs.TwoArms(StrategyNames.Thompson, TestConfigs.NewTag());
        var connection = redis.ConnectionString + ",asyncTimeout=1000,syncTimeout=1000,connectTimeout=1000";
        await using var router = await RunningRouter.StartAsync(new RouterSettings().WithVariants(variants.A, variants.B).WithRedis(connection).WithConfig(config));
        var before = await router.Client.ChooseAsync(1);
        Assert.Equal(HttpStatusCode.OK, (await router.Client.UpdateAsync(before.DecisionId, 1.0)).Status);
        var pending = await router.Client.ChooseAsync(2);

        redis.Stop();
        try
        {
            var (status, body, contentType) = await router.Client.PostRawAsync("update", $"{{\"decisionId\":\"{pending.DecisionId}\",\"reward\":1}}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("application/problem+json", contentType);
            Assert.Equal(503, body!.Value.GetProperty("status").GetInt32());
            using var stats = await router.Client.Http.GetAsync("stats");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, stats.StatusCode);

            // Recommendations keep flowing from the cached posteriors; the decision cannot be recorded meanwhile.
            var during = await router.Client.ChooseAsync(3);
            Assert.Contains(during.Arm, config.Arms.Select(a => a.Name));
        }
        finally
        {
            await redis.StartAsync();
        }

        await Eventually.HoldsAsync(async () =>
        {
            using var response = await router.Client.Http.GetAsync("stats");
            return response.StatusCode == HttpStatusCode.OK;
        }, "the router to reconnect to Redis", TimeSpan.FromSeconds(20));
        var after = await router.Client.ChooseAsync(4);
        var (afterStatus, afterBody) = await router.Client.UpdateAsync(after.DecisionId, 1.0);
        Assert.Equal(HttpStatusCode.OK, afterStatus);
        Assert.Equal("recorded", afterBody!.Value.GetProperty("status").GetString());

        // Redis restarted empty: the pending decision is gone, so its reward is refused, not miscounted.
        Assert.Equal(HttpStatusCode.NotFound, (await router.Client.UpdateAsync(pending.DecisionId, 1.0)).Status);
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
