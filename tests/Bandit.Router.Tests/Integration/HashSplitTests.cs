using System.Collections.Concurrent;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Tests.Support;
using Bandit.TestSupport;

namespace Bandit.Router.Tests.Integration;

/// <summary>The hash split through real Routers sharing a real Redis.</summary>
public sealed class HashSplitTests(RedisServer redis, VariantPair variants) : IClassFixture<RedisServer>, IClassFixture<VariantPair>
{
    [Fact]
    public async Task Hash_SameUser_GetsTheSameArmOnEveryRequestAndEveryInstance()
    {
        var config = TestConfigs.TwoArms(StrategyNames.Hash, TestConfigs.NewTag());
        var settings = new RouterSettings().WithVariants(variants.A, variants.B).WithRedis(redis.ConnectionString).WithConfig(config);
        await using var first = await RunningRouter.StartAsync(settings);
        await using var second = await RunningRouter.StartAsync(settings);

        var arms = new Dictionary<long, string>();
        for (var user = 0L; user < 200; user++)
        {
            var a = await first.Client.ChooseAsync(user);
            var b = await first.Client.ChooseAsync(user);
            var c = await second.Client.ChooseAsync(user);
            Assert.Equal(a.Arm, b.Arm);
            Assert.Equal(a.Arm, c.Arm);
            Assert.Equal(0.5, a.Propensity); // each arm holds exactly 5,000 of the 10,000 buckets
            arms[user] = a.Arm;
        }

        Assert.Equal(2, arms.Values.Distinct().Count());
    }

    [Fact]
    public async Task Hash_Weights30To70_SplitFiveThousandUsersWithinBinomialBounds()
    {
        var config = TestConfigs.TwoArms(StrategyNames.Hash, TestConfigs.NewTag(), weightA: 0.3, weightB: 0.7);
        await using var router = await RunningRouter.StartAsync(new RouterSettings().WithVariants(variants.A, variants.B).WithRedis(redis.ConnectionString).WithConfig(config));
        const int users = 5000;
        var counts = new ConcurrentDictionary<string, int>();
        var propensities = new ConcurrentDictionary<string, double>();

        await Parallel.ForEachAsync(Enumerable.Range(0, users), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (user, _) =>
        {
            var choice = await router.Client.ChooseAsync(1_000_000 + user, k: 1);
            counts.AddOrUpdate(choice.Arm, 1, (_, n) => n + 1);
            propensities[choice.Arm] = choice.Propensity;
        });

        // A user's bucket is a 64-bit hash mod 10,000, so each user lands in A's 3,000 buckets independently with
        // p = 0.3: the count is Binomial(5000, 0.3), mean 1500, σ = sqrt(5000·0.3·0.7) ≈ 32.4. ±4σ ≈ ±130 fails
        // with probability < 1e-4 for a fair hash (and the users and salt are fixed, so the outcome is too).
        var armA = config.Arms[0].Name;
        Assert.InRange(counts.GetValueOrDefault(armA), 1500 - 130, 1500 + 130);
        Assert.Equal(users, counts.Values.Sum());
        Assert.Equal(0.3, propensities[armA], 12);
        Assert.Equal(0.7, propensities[config.Arms[1].Name], 12);

        var stats = await router.Client.ArmStatsAsync(armA);
        Assert.Equal(counts[armA], stats.GetProperty("pulls").GetInt64());
    }
}
