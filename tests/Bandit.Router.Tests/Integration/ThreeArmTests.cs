using System.Collections.Concurrent;
using System.Net;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Tests.Support;
using Bandit.TestSupport;

namespace Bandit.Router.Tests.Integration;

/// <summary>An experiment of three arms end to end: real Router, real Redis, three variants.</summary>
public sealed class ThreeArmTests(RedisServer redis, VariantTrio variants) : IClassFixture<RedisServer>, IClassFixture<VariantTrio>
{
    [Fact]
    public async Task Hash_ThreeWeights_SplitUsersWithinBinomialBoundsAndStatsListEveryArm()
    {
        var config = TestConfigs.Arms(StrategyNames.Hash, TestConfigs.NewTag(), 0.2, 0.3, 0.5);
        await using var router = await RunningRouter.StartAsync(Settings(config));
        const int users = 3000;
        var counts = new ConcurrentDictionary<string, int>();
        var propensities = new ConcurrentDictionary<string, double>();
        var aliases = new ConcurrentDictionary<string, string>();

        await Parallel.ForEachAsync(Enumerable.Range(0, users), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (user, _) =>
        {
            var choice = await router.Client.ChooseAsync(5_000_000 + user, k: 1);
            counts.AddOrUpdate(choice.Arm, 1, (_, n) => n + 1);
            propensities[choice.Arm] = choice.Propensity;
            aliases[choice.Arm] = choice.Alias;
        });

        // Arm i holds 10,000·w_i buckets exactly, so its count is Binomial(3000, w_i): σ ≤ sqrt(3000·0.25) ≈ 27.4,
        // ±4σ ≈ ±110 fails with probability < 1e-4 for a fair hash (users and salt are fixed, so the outcome is too).
        double[] weights = [0.2, 0.3, 0.5];
        for (var i = 0; i < 3; i++)
        {
            var arm = config.Arms[i];
            Assert.InRange(counts.GetValueOrDefault(arm.Name), (users * weights[i]) - 110, (users * weights[i]) + 110);
            Assert.Equal(weights[i], propensities[arm.Name], 12);
            Assert.Equal(arm.Alias, aliases[arm.Name]);
        }

        var stats = await router.Client.GetJsonAsync("stats");
        var arms = stats.GetProperty("arms").EnumerateArray().ToArray();
        Assert.Equal(config.Arms.Select(a => a.Name), arms.Select(a => a.GetProperty("arm").GetString()));
        Assert.Equal(config.Arms.Select(a => a.Service), arms.Select(a => a.GetProperty("service").GetString()));
        Assert.Equal(users, arms.Sum(a => a.GetProperty("pulls").GetInt64()));
        Assert.Equal(1.0, arms.Sum(a => a.GetProperty("pBest").GetDouble()), 0.006);
    }

    [Theory]
    [InlineData(StrategyNames.Thompson)]
    [InlineData(StrategyNames.DiscountedThompson)]
    public async Task Thompson_ThirdArmAlwaysClicked_TakesTheTraffic(string strategy)
    {
        // Arm C is clicked every time, A and B never: after n pulls C's posterior is Beta(1 + n_C, 1), the others'
        // Beta(1, 1 + n). With n_C ≥ 20 and n ≥ 5, P(θ_X > θ_C) ≤ P(θ_X > 0.9) + P(θ_C < 0.9) = 0.1^6 + 0.9^21 ≈ 0.11,
        // and it shrinks geometrically as C keeps winning, so the last 100 of 400 decisions go to C ≥ 90% of the time
        // (typically 99%). With a one-hour half-life the discounted posteriors are the same to within 0.1% in the test.
        var config = TestConfigs.Arms(strategy, TestConfigs.NewTag(), 1, 1, 1);
        await using var router = await RunningRouter.StartAsync(Settings(config));
        var best = config.Arms[2].Name;
        var order = new List<string>();

        for (var user = 0; user < 400; user++)
        {
            var choice = await router.Client.ChooseAsync(user, k: 1);
            order.Add(choice.Arm);
            Assert.Equal(HttpStatusCode.OK, (await router.Client.UpdateAsync(choice.DecisionId, choice.Arm == best ? 1.0 : 0.0)).Status);
        }

        var shareC = order[^100..].Count(a => a == best) / 100.0;
        Assert.True(shareC >= 0.9, $"{strategy}: C got {shareC:P0} of the last 100 decisions");
        var stats = await router.Client.ArmStatsAsync(best);
        Assert.True(stats.GetProperty("pBest").GetDouble() > 0.99, stats.ToString());
        // The discounted sums are there for every strategy (a switch to discounted_thompson starts warm), and under
        // discounted Thompson they are the posterior: α = 1 + discounted rewards.
        var discounted = stats.GetProperty("discountedRewards").GetDouble();
        Assert.InRange(discounted, 0.99 * stats.GetProperty("rewards").GetDouble(), stats.GetProperty("rewards").GetDouble());
        var alpha = stats.GetProperty("posterior").GetProperty("alpha").GetDouble();
        Assert.Equal(1 + (strategy == StrategyNames.DiscountedThompson ? discounted : stats.GetProperty("rewards").GetDouble()), alpha, 1e-9);
    }

    private RouterSettings Settings(RouterConfig config) =>
        new RouterSettings().WithVariants(variants.All).WithRedis(redis.ConnectionString).WithConfig(config);
}
