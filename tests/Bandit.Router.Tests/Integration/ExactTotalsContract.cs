using System.Collections.Concurrent;
using System.Globalization;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Tests.Support;
using StackExchange.Redis;

namespace Bandit.Router.Tests.Integration;

/// <summary>
/// Exactly-once under concurrent Router replicas: eight clients choose on one replica and reward on the other, re-send
/// a third of the rewards with another value to the other replica, and Redis's counters must equal what was sent once.
/// Run against each Redis form (one server, a cluster) by a subclass that names it.
/// </summary>
public abstract class ExactTotalsContract(VariantPair variants)
{
    /// <summary>What <c>ConnectionStrings:redis</c> holds for the Routers.</summary>
    protected abstract string RedisConnectionString { get; }

    /// <summary>A connection of the test's own, to read the counters.</summary>
    protected abstract Task<ConnectionMultiplexer> ConnectAsync();

    [Fact]
    public async Task TwoRouters_ConcurrentClientsWithDuplicates_RedisTotalsEqualWhatWasSentOnce()
    {
        var config = TestConfigs.TwoArms(StrategyNames.Thompson, TestConfigs.NewTag());
        var settings = new RouterSettings().WithVariants(variants.A, variants.B).WithRedis(RedisConnectionString).WithConfig(config);
        await using var first = await RunningRouter.StartAsync(settings);
        await using var second = await RunningRouter.StartAsync(settings);
        RouterClient[] routers = [first.Client, second.Client];
        const int clients = 8;
        const int pairsPerClient = 400;
        var pulls = new ConcurrentDictionary<string, long>();
        var updates = new ConcurrentDictionary<string, long>();
        var rewards = new ConcurrentDictionary<string, long>();
        var duplicates = 0;

        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var random = new Random(99 + c);
            var pending = new List<(string Id, double Reward, string Arm)>();
            for (var i = 0; i < pairsPerClient; i++)
            {
                // Choose on one replica, reward on the other: the posterior is shared.
                var choice = await routers[(c + i) % 2].ChooseAsync(random.Next(0, 100_000), k: 1);
                pulls.AddOrUpdate(choice.Arm, 1, (_, n) => n + 1);
                var reward = random.NextDouble() < 0.3 ? 1.0 : 0.0;
                pending.Add((choice.DecisionId, reward, choice.Arm));
                updates.AddOrUpdate(choice.Arm, 1, (_, n) => n + 1);
                rewards.AddOrUpdate(choice.Arm, (long)reward, (_, n) => n + (long)reward);
                if (pending.Count == 10 || i == pairsPerClient - 1)
                {
                    await SendAsync(routers[(c + i + 1) % 2], pending, c % 2 == 0);
                    Interlocked.Add(ref duplicates, await ResendSomeAsync(routers[(c + i) % 2], pending));
                    pending.Clear();
                }
            }
        })));

        Assert.True(duplicates > 0);
        await using var connection = await ConnectAsync();
        var db = connection.GetDatabase();
        foreach (var arm in config.ArmNames())
        {
            var key = $"bandit:{{{config.ExperimentKey}}}:arm:{arm}";
            Assert.Equal(pulls.GetValueOrDefault(arm), (long)await db.HashGetAsync(key, "pulls"));
            Assert.Equal(updates.GetValueOrDefault(arm), (long)await db.HashGetAsync(key, "updates"));
            Assert.Equal(rewards.GetValueOrDefault(arm), double.Parse((string)(await db.HashGetAsync(key, "rewards"))!, CultureInfo.InvariantCulture));

            // Both replicas report α = 1 + rewards and β = 1 + updates − rewards from the same counters.
            foreach (var router in routers)
            {
                var posterior = (await router.ArmStatsAsync(arm)).GetProperty("posterior");
                Assert.Equal(1 + rewards.GetValueOrDefault(arm), posterior.GetProperty("alpha").GetDouble());
                Assert.Equal(1 + updates.GetValueOrDefault(arm) - rewards.GetValueOrDefault(arm), posterior.GetProperty("beta").GetDouble());
            }
        }

        Assert.Equal(clients * pairsPerClient, pulls.Values.Sum());
    }

    /// <summary>Sends the rewards as one batch or one by one; each must be recorded.</summary>
    private static async Task SendAsync(RouterClient router, List<(string Id, double Reward, string Arm)> pending, bool batch)
    {
        if (batch)
        {
            var results = await router.UpdateBatchAsync(pending.Select(p => (p.Id, p.Reward)));
            Assert.All(results.EnumerateArray(), r => Assert.Equal("recorded", r.GetProperty("status").GetString()));
            return;
        }

        foreach (var (id, reward, _) in pending)
        {
            var (status, body) = await router.UpdateAsync(id, reward);
            Assert.Equal(System.Net.HttpStatusCode.OK, status);
            Assert.Equal("recorded", body!.Value.GetProperty("status").GetString());
        }
    }

    /// <summary>Sends every third reward again, with a different value, to the other replica: each must be a duplicate.</summary>
    private static async Task<int> ResendSomeAsync(RouterClient router, List<(string Id, double Reward, string Arm)> pending)
    {
        var again = pending.Where((_, i) => i % 3 == 0).ToArray();
        var results = await router.UpdateBatchAsync(again.Select(p => (p.Id, 1.0 - p.Reward)));
        Assert.All(results.EnumerateArray(), r => Assert.Equal("duplicate", r.GetProperty("status").GetString()));
        return again.Length;
    }
}
