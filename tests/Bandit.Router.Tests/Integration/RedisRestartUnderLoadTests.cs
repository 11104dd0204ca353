using Bandit.Router.Tests.Support;
using Bandit.TestSupport;
using Xunit.Abstractions;

namespace Bandit.Router.Tests.Integration;

/// <summary>
/// Redis (with persistence, like production) killed and restarted in the middle of a load of decisions and rewards:
/// /choose keeps answering, rewards are taken into the outage log (202 buffered), and once Redis is back every decision
/// the clients got is counted once and every reward once, duplicates included — in /stats and in Redis.
/// </summary>
public sealed class RedisRestartUnderLoadTests(VariantPair variants, ITestOutputHelper output) : IClassFixture<VariantPair>, IAsyncLifetime
{
    private const int PairsPerClient = 300;

    private readonly RedisServer _redis = new() { Persistent = true };

    public Task InitializeAsync() => _redis.StartAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task RedisKilledAndRestartedMidLoad_EveryDecisionAndRewardCountedExactlyOnce()
    {
        await using var load = await FaultUnderLoad.StartAsync(variants, _redis.ConnectionString);

        // Redis is away for two seconds once a quarter of the load is done.
        var (killedAt, restartedAt) = await load.RunAsync(async () =>
        {
            await load.PairsDoneAsync(FaultUnderLoad.Clients * PairsPerClient / 4, "a quarter of the load");
            _redis.Stop();
            var killedAt = load.Done;
            await Task.Delay(TimeSpan.FromSeconds(2));
            var restartedAt = load.Done;
            await _redis.StartAsync();
            return (killedAt, restartedAt);
        }, seed: 1000, pairsPerClient: PairsPerClient);
        await load.RecoveredAsync();

        var (buffered, drained) = load.OutageTotals;
        output.WriteLine($"pairs {FaultUnderLoad.Clients * PairsPerClient}: killed after {killedAt}, restarted after {restartedAt}; pulls {string.Join(", ", load.Ledger.Pulls)}; " +
            $"statuses {string.Join(", ", load.Statuses.OrderBy(s => s.Key))}; outage log: {buffered} buffered, {drained} drained");
        await using var redis = await _redis.ConnectAsync();
        await load.AssertCountedOnceAsync(redis);
        Assert.Equal(FaultUnderLoad.Clients * PairsPerClient, load.Ledger.Pulls.Values.Sum());
        Assert.True(load.Statuses.GetValueOrDefault("buffered") > 0, "some rewards were taken during the outage");
        Assert.True(buffered > load.Statuses.GetValueOrDefault("buffered"), "decisions were buffered too");
    }
}
