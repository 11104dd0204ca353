using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Ledger;
using Bandit.Router.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Bandit.Router.Tests.Integration;

/// <summary>
/// A Router under concurrent /choose + /update load while a test's fault runs beside it, and the checks once the
/// store is back: every decision the clients got is counted once and every reward once, duplicates included — in
/// /stats and in Redis. The fault tests keep only their fault and what they assert about it.
/// </summary>
public sealed class FaultUnderLoad : IAsyncDisposable
{
    /// <summary>How many clients send pairs at once.</summary>
    public const int Clients = 4;

    private readonly RunningRouter _router;
    private int _done;

    private FaultUnderLoad(RouterConfig config, RunningRouter router)
    {
        Config = config;
        _router = router;
    }

    public RouterConfig Config { get; }

    /// <summary>What the clients did: pulls per arm and the first reward per decision.</summary>
    public RewardLedger Ledger { get; } = new();

    /// <summary>How many times /update answered each status (duplicates as <c>dup-&lt;status&gt;</c>).</summary>
    public ConcurrentDictionary<string, int> Statuses { get; } = new();

    /// <summary>Pairs (one /choose, one /update) the clients have completed so far.</summary>
    public int Done => Volatile.Read(ref _done);

    /// <summary>What went to the outage log while the store was away, and what was applied from it since.</summary>
    public (long Buffered, long Drained) OutageTotals => _router.Server.Services.GetRequiredService<OutageLog>().Totals;

    /// <summary>A Router with a fresh two-arm Thompson experiment on <paramref name="redis"/>, with short Redis timeouts so a fault is noticed quickly.</summary>
    public static async Task<FaultUnderLoad> StartAsync(VariantPair variants, string redis)
    {
        var config = TestConfigs.TwoArms(StrategyNames.Thompson, TestConfigs.NewTag());
        var connection = redis + ",asyncTimeout=1000,syncTimeout=1000,connectTimeout=1000";
        return new FaultUnderLoad(config, await RunningRouter.StartAsync(new RouterSettings().WithVariants(variants.A, variants.B).WithRedis(connection).WithConfig(config)));
    }

    /// <summary>Waits (a minute at most) until the clients have completed <paramref name="pairs"/> pairs in all.</summary>
    public Task PairsDoneAsync(int pairs, string what) =>
        Eventually.HoldsAsync(() => Task.FromResult(Done >= pairs), what, TimeSpan.FromSeconds(60));

    /// <summary>
    /// Runs <paramref name="fault"/> beside the clients' load and returns what it returns. With
    /// <paramref name="pairsPerClient"/> every client sends that many pairs; without, the clients stop when the fault returns.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> fault, int seed, int? pairsPerClient = null)
    {
        using var stop = new CancellationTokenSource();
        var faulting = Task.Run(async () =>
        {
            try
            {
                return await fault();
            }
            finally
            {
                if (pairsPerClient is null)
                {
                    await stop.CancelAsync();
                }
            }
        });

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            var random = new Random(seed + c);
            for (var i = 0; pairsPerClient is { } pairs ? i < pairs : !stop.IsCancellationRequested; i++)
            {
                await PairAsync(random, i);
            }
        })));
        return await faulting;
    }

    /// <summary>Waits until the store is available again and the outage log has been applied.</summary>
    public Task RecoveredAsync() => Eventually.HoldsAsync(async () =>
    {
        var stats = await _router.Client.GetJsonAsync("stats");
        return stats.GetProperty("store").GetString() == "available" && stats.GetProperty("buffered").GetInt32() == 0;
    }, "the outage log to be applied", TimeSpan.FromSeconds(30));

    /// <summary>
    /// After <see cref="RecoveredAsync"/>: every reward sent again is a duplicate, /stats and Redis hold exactly the
    /// pulls, updates and reward sums the clients were told of, and everything the outage log took was applied.
    /// </summary>
    public async Task AssertCountedOnceAsync(IConnectionMultiplexer redis)
    {
        foreach (var chunk in Ledger.Rewards.Chunk(500))
        {
            var results = await _router.Client.UpdateBatchAsync(chunk.Select(r => (r.Key, 1.0 - r.Value.Reward)));
            Assert.All(results.EnumerateArray(), r => Assert.Equal("duplicate", r.GetProperty("status").GetString()));
        }

        var db = redis.GetDatabase();
        foreach (var arm in Config.ArmNames())
        {
            var stats = await _router.Client.ArmStatsAsync(arm);
            Assert.Equal(Ledger.Pulls.GetValueOrDefault(arm), stats.GetProperty("pulls").GetInt64());
            Assert.Equal(Ledger.Updates(arm), stats.GetProperty("updates").GetInt64());
            Assert.Equal(Ledger.RewardSum(arm), stats.GetProperty("rewards").GetDouble());
            var key = $"bandit:{{{Config.ExperimentKey}}}:arm:{arm}";
            Assert.Equal(Ledger.Pulls.GetValueOrDefault(arm), (long)await db.HashGetAsync(key, "pulls"));
            Assert.Equal(Ledger.Updates(arm), (long)await db.HashGetAsync(key, "updates"));
            Assert.Equal(Ledger.RewardSum(arm), double.Parse((string?)await db.HashGetAsync(key, "rewards") ?? "0", CultureInfo.InvariantCulture));
        }

        var (buffered, drained) = OutageTotals;
        Assert.Equal(buffered, drained);
    }

    public ValueTask DisposeAsync() => _router.DisposeAsync();

    /// <summary>One decision and its reward; every fifth also a duplicate with the opposite value, which is never counted.</summary>
    private async Task PairAsync(Random random, int i)
    {
        // Every /choose must answer 200 (ChooseAsync asserts it), through the fault too.
        var choice = await _router.Client.ChooseAsync(random.Next(0, 100_000), k: 1);
        Ledger.Pull(choice.Arm);
        var reward = random.NextDouble() < 0.3 ? 1.0 : 0.0;
        Count(await RewardAsync(choice.DecisionId, reward));
        Ledger.Reward(choice.Arm, choice.DecisionId, reward);
        if (i % 5 == 0)
        {
            var again = (await _router.Client.UpdateBatchAsync([(choice.DecisionId, 1.0 - reward)]))[0].GetProperty("status").GetString()!;
            Assert.Contains(again, new[] { "duplicate", "buffered" });
            Count("dup-" + again);
        }

        Interlocked.Increment(ref _done);
    }

    /// <summary>One reward: 200 recorded, or 202 buffered while the store is away.</summary>
    private async Task<string> RewardAsync(string decisionId, double reward)
    {
        var (status, body) = await _router.Client.UpdateAsync(decisionId, reward);
        var text = body!.Value.GetProperty("status").GetString()!;
        Assert.True(status == HttpStatusCode.OK && text == "recorded" || status == HttpStatusCode.Accepted && text == "buffered", $"/update answered {(int)status} {text}");
        return text;
    }

    private void Count(string status) => Statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
}
