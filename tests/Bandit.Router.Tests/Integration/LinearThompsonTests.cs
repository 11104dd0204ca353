using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Store;
using Bandit.Router.Tests.Support;
using Bandit.TestSupport;
using StackExchange.Redis;

namespace Bandit.Router.Tests.Integration;

/// <summary>
/// The contextual strategy in the running Router: switched on through <c>PUT /admin/strategy</c> (written through the
/// registry), deciding from the user's history with the arms, its reward added to the arm's linear statistics in Redis
/// once however often it is sent. Real Router, real Redis, real registry, three fake variants.
/// </summary>
public sealed class LinearThompsonTests(RegistryFixture registry, RedisServer redis, VariantTrio variants)
    : IClassFixture<RegistryFixture>, IClassFixture<RedisServer>, IClassFixture<VariantTrio>
{
    private const string AdminKey = "linear-tests-admin-key";

    [Fact]
    public async Task AdminSwitchToLinearThompson_DecidesWithExactPropensity_RewardUpdatesTheArmsStatisticsOnce()
    {
        var model = "router_linear_" + TestConfigs.NewTag();
        var config = TestConfigs.Arms(StrategyNames.Thompson, TestConfigs.NewTag(), 1, 1, 1);
        await registry.PublishAsync(model, config);
        await using var router = await RunningRouter.StartAsync(new RouterSettings()
            .WithVariants(variants.All)
            .WithRedis(redis.ConnectionString)
            .Set("MLFLOW_TRACKING_URI", registry.Registry.TrackingUri.ToString())
            .Set("Router:ConfigModel", model)
            .Set("Router:ConfigPollInterval", "00:00:00.200")
            .Set("Router:AdminKey", AdminKey));
        await Eventually.HoldsAsync(async () => (await router.Client.GetJsonAsync("config")).GetProperty("version").GetString() == "1", "/config version 1");

        using var put = new HttpRequestMessage(HttpMethod.Put, "admin/strategy") { Content = new StringContent("{\"strategy\":\"linear_thompson\"}", Encoding.UTF8, "application/json") };
        put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var switched = await router.Client.Http.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        Assert.Equal(StrategyNames.LinearThompson, (await router.Client.GetJsonAsync("stats")).GetProperty("strategy").GetString());

        // A new experiment: every arm's posterior is N(0, v²/λ·I) and a new user's context is (1, 0, …, 0), so the three
        // scores are identically distributed and each arm is the largest with probability exactly 1/3. The logged
        // propensity is the quadrature's, whose error is below 1e-5 (NormalMaxProbability's enclosure tests).
        var first = await router.Client.ChooseAsync(42, k: 1);
        Assert.Equal(1.0 / 3, first.Propensity, 1e-5);
        Assert.Equal(first.Propensity, first.HeaderPropensity);

        // The reward, then the same reward again (a client retry): recorded once.
        Assert.Equal("recorded", (await router.Client.UpdateAsync(first.DecisionId, 1.0)).Body!.Value.GetProperty("status").GetString());
        Assert.Equal("duplicate", (await router.Client.UpdateAsync(first.DecisionId, 1.0)).Body!.Value.GetProperty("status").GetString());

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var store = new RedisBanditStore(connection, new BanditStoreSettings(TimeSpan.FromHours(1), 1000));
        var arms = config.Arms.Select(a => a.Name).ToList();
        var dimension = UserArmHistory.ContextDimension(arms.Count);
        var stats = await store.GetLinearStatsAsync(config.ExperimentKey, arms, dimension);
        var chosen = arms.IndexOf(first.Arm);
        var expected = new LinearArmStats(dimension);
        expected.Add(new UserArmHistory(arms.Count).Context(), 1.0);
        Assert.Equal([.. arms.Select((_, i) => i == chosen ? 1L : 0L)], stats.Select(s => s.Count));
        Assert.Equal(expected.Gram, stats[chosen].Gram);
        Assert.Equal(expected.Xr, stats[chosen].Xr);

        // The user's history now holds the hit, so the next decision for this user is made on another context.
        var history = await store.GetUserHistoryAsync(config.ExperimentKey, "42", arms);
        Assert.Equal([.. arms.Select((_, i) => i == chosen ? 1 : 0)], history.Hits);
        var counters = await store.GetCountersAsync(config.ExperimentKey, arms);
        Assert.Equal(1, counters.Arms.Sum(a => a.Updates));
    }

    [Fact]
    public async Task LinearThompson_ManyRewardsEachSentTwiceConcurrently_StatisticsCountEachDecisionOnce()
    {
        var config = TestConfigs.Arms(StrategyNames.LinearThompson, TestConfigs.NewTag(), 1, 1, 1);
        await using var router = await RunningRouter.StartAsync(new RouterSettings().WithVariants(variants.All).WithRedis(redis.ConnectionString).WithConfig(config));
        var choices = new List<Choice>();
        for (var i = 0; i < 60; i++)
        {
            choices.Add(await router.Client.ChooseAsync(100 + (i % 6), k: 1));
        }

        var sent = await Task.WhenAll(choices.SelectMany((c, i) => new[] { 0, 1 }.Select(_ => router.Client.UpdateAsync(c.DecisionId, i % 2 == 0 ? 1.0 : 0.0))));
        Assert.All(sent, s => Assert.Equal(HttpStatusCode.OK, s.Status));
        Assert.Equal(60, sent.Count(s => s.Body!.Value.GetProperty("status").GetString() == "recorded"));

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var store = new RedisBanditStore(connection, new BanditStoreSettings(TimeSpan.FromHours(1), 1000));
        var arms = config.Arms.Select(a => a.Name).ToList();
        var stats = await store.GetLinearStatsAsync(config.ExperimentKey, arms, UserArmHistory.ContextDimension(arms.Count));
        Assert.Equal(60, stats.Sum(s => s.Count));
        Assert.Equal(60.0, stats.Sum(s => s.Gram[0])); // the bias coordinate: Σ 1·1 over the decisions
        Assert.Equal(30.0, stats.Sum(s => s.Xr[0])); // Σ r·1: half the decisions were clicked
        var histories = await Task.WhenAll(Enumerable.Range(100, 6).Select(u => store.GetUserHistoryAsync(config.ExperimentKey, u.ToString(System.Globalization.CultureInfo.InvariantCulture), arms)));
        Assert.Equal(30, histories.Sum(h => h.Hits.Sum()));
        Assert.Equal(30, histories.Sum(h => h.Misses.Sum()));
    }
}
