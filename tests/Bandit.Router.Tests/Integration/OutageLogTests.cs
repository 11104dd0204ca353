using System.Globalization;
using System.Net;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Ledger;
using Bandit.Router.Tests.Support;
using Bandit.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bandit.Router.Tests.Integration;

/// <summary>The outage log's bound (full = 503, nothing accepted is lost) and its durability (a Router restarted mid-outage loses nothing).</summary>
public sealed class OutageLogTests(VariantPair variants) : IClassFixture<VariantPair>, IAsyncLifetime
{
    private readonly RedisServer _redis = new() { Persistent = true };
    private readonly RouterConfig _config = TestConfigs.TwoArms(StrategyNames.Thompson, TestConfigs.NewTag());

    public Task InitializeAsync() => _redis.StartAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task OutageBufferFull_Is503ForMore_AndEverythingAcceptedIsCountedOnce()
    {
        await using var router = await RunningRouter.StartAsync(Settings().Set("Router:OutageBufferCapacity", "6"));
        var b1 = await router.Client.ChooseAsync(1);
        var b2 = await router.Client.ChooseAsync(2);
        Assert.Equal(HttpStatusCode.OK, (await router.Client.UpdateAsync(b1.DecisionId, 1.0)).Status);

        _redis.Stop();
        var during = new List<Choice>();
        for (var user = 10; user < 13; user++)
        {
            during.Add(await router.Client.ChooseAsync(user)); // 3 decisions buffered
        }

        foreach (var choice in during)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await router.Client.UpdateAsync(choice.DecisionId, 1.0)).Status); // 3 rewards: full
        }

        var single = await router.Client.UpdateAsync(b2.DecisionId, 1.0);
        var batch = await router.Client.PostRawAsync("update", $"[{{\"decisionId\":\"{b2.DecisionId}\",\"reward\":1}}]");
        var choose = await router.Client.PostRawAsync("choose", "{\"userId\":20}");
        var log = router.Server.Services.GetRequiredService<OutageLog>();
        var bytesDuringOutage = new FileInfo(log.FilePath).Length; // written through before acknowledged
        Assert.Equal(6, log.Count);
        await _redis.StartAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, single.Status);
        Assert.Equal(503, single.Body!.Value.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, batch.Status);
        Assert.Equal("application/problem+json", batch.ContentType);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, choose.Status);
        Assert.Equal("application/problem+json", choose.ContentType);
        await WaitForDrainAsync(router);
        Assert.Equal((5L, 4L, 4.0), await CountersAsync());
        Assert.True(bytesDuringOutage > 6 * 50, $"the log file held {bytesDuringOutage} bytes for 6 entries");
        Assert.Equal(0, new FileInfo(log.FilePath).Length); // truncated only after the store took every entry

        // What was refused can be sent again and counts; what was accepted counts once.
        Assert.Equal("recorded", (await router.Client.UpdateAsync(b2.DecisionId, 1.0)).Body!.Value.GetProperty("status").GetString());
        Assert.Equal("duplicate", (await router.Client.UpdateAsync(during[0].DecisionId, 0.0)).Body!.Value.GetProperty("status").GetString());
        Assert.Equal((5L, 5L, 5.0), await CountersAsync());
    }

    [Fact]
    public async Task RouterRestartedDuringOutage_AdoptsTheLog_AndLosesNothing()
    {
        var settings = Settings().Set("Router:DecisionSecret", "outage-log-tests-decision-secret");
        Choice a, b, c;
        await using (var first = await RunningRouter.StartAsync(settings))
        {
            a = await first.Client.ChooseAsync(1);
            b = await first.Client.ChooseAsync(2);
            _redis.Stop();
            c = await first.Client.ChooseAsync(3);
            Assert.Equal(HttpStatusCode.Accepted, (await first.Client.UpdateAsync(a.DecisionId, 1.0)).Status);
            Assert.Equal(HttpStatusCode.Accepted, (await first.Client.UpdateAsync(c.DecisionId, 0.0)).Status);
        }

        await using var second = await RunningRouter.StartAsync(settings);
        var stats = await second.Client.GetJsonAsync("stats");
        Assert.Equal(3, stats.GetProperty("buffered").GetInt32()); // c's decision, a's and c's rewards, adopted
        Assert.Equal("unavailable", stats.GetProperty("store").GetString());
        Assert.Equal("hash-fallback", stats.GetProperty("allocation").GetString()); // no posteriors cached in this process
        var fallback = await second.Client.ChooseAsync(4);
        Assert.Contains(fallback.Arm, _config.Arms.Select(x => x.Name));

        await _redis.StartAsync();
        await WaitForDrainAsync(second);

        Assert.Equal((4L, 2L, 1.0), await CountersAsync());
        Assert.Equal("recorded", (await second.Client.UpdateAsync(b.DecisionId, 1.0)).Body!.Value.GetProperty("status").GetString());
        Assert.Equal("recorded", (await second.Client.UpdateAsync(fallback.DecisionId, 1.0)).Body!.Value.GetProperty("status").GetString());
        Assert.Equal("duplicate", (await second.Client.UpdateAsync(c.DecisionId, 1.0)).Body!.Value.GetProperty("status").GetString());
        Assert.Equal((4L, 4L, 3.0), await CountersAsync());
    }

    private RouterSettings Settings() => new RouterSettings().WithVariants(variants.A, variants.B).WithConfig(_config)
        .WithRedis(_redis.ConnectionString + ",asyncTimeout=1000,syncTimeout=1000,connectTimeout=1000");

    private static Task WaitForDrainAsync(RunningRouter router) => Eventually.HoldsAsync(async () =>
    {
        var stats = await router.Client.GetJsonAsync("stats");
        return stats.GetProperty("store").GetString() == "available" && stats.GetProperty("buffered").GetInt32() == 0;
    }, "the outage log to be applied", TimeSpan.FromSeconds(20));

    /// <summary>Pulls, updates and reward sum over both arms, read from Redis itself.</summary>
    private async Task<(long Pulls, long Updates, double Rewards)> CountersAsync()
    {
        await using var connection = await _redis.ConnectAsync();
        var db = connection.GetDatabase();
        long pulls = 0, updates = 0;
        double rewards = 0;
        foreach (var arm in _config.ArmNames())
        {
            var key = $"bandit:{{{_config.ExperimentKey}}}:arm:{arm}";
            pulls += (long)await db.HashGetAsync(key, "pulls");
            updates += (long)await db.HashGetAsync(key, "updates");
            rewards += double.Parse((string?)await db.HashGetAsync(key, "rewards") ?? "0", CultureInfo.InvariantCulture);
        }

        return (pulls, updates, rewards);
    }
}
