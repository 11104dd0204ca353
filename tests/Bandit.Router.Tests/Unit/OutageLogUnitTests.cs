using Bandit.Router.Choosing;
using Bandit.Router.Common;
using Bandit.Router.Ledger;
using Bandit.Router.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bandit.Router.Tests.Unit;

/// <summary>The outage log on its own: bound, durability across instances (adoption, torn lines), and the drain's order and idempotence.</summary>
public sealed class OutageLogUnitTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("outage-unit-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TryAppend_OverCapacity_TakesNoneOfTheBatch()
    {
        using var log = NewLog(capacity: 3);

        Assert.True(log.TryAppend([Decision("d1"), Decision("d2")]));
        Assert.False(log.TryAppend([Reward("d1", 1), Reward("d2", 1)]));

        Assert.Equal(2, log.Count);
        Assert.True(log.TryAppend([Reward("d1", 1)]));
        Assert.Equal(3, log.Count);
    }

    [Fact]
    public void NewInstance_AdoptsTheFileOfOneThatIsGone_SkippingATornLine()
    {
        string file;
        using (var first = NewLog())
        {
            first.TryAppend([Decision("d1"), Reward("d1", 1)]);
            file = first.FilePath;
        }

        File.AppendAllText(file, "{\"t\":\"r\",\"x\":\"exp\",\"id\":\"d"); // a write cut short by a crash

        using var second = NewLog();

        Assert.Equal(["d1", "d1"], second.Snapshot().Select(e => e.Id));
        Assert.True(second.HasDecision("d1"));
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void NewInstance_LeavesTheFileOfARunningInstance()
    {
        using var running = NewLog();
        running.TryAppend([Decision("d1")]);

        using var other = NewLog();

        Assert.Equal(0, other.Count);
        Assert.Equal(1, running.Count);
    }

    [Fact]
    public async Task DrainAsync_DecisionsBeforeRewardsWhateverTheFileOrder_RepeatsCountOnce()
    {
        var store = new InMemoryBanditStore(new BanditStoreSettings(TimeSpan.FromHours(1), 1000), TimeProvider.System);
        using var log = NewLog();
        const string experiment = "exp";
        const string arm = "A";
        await store.RecordDecisionAsync(experiment, new DecisionRecord("d0", arm, 0.5, "thompson", "u"));

        // Rewards first in the file; d1's decision after them; d0 was recorded before the outage and is repeated.
        log.TryAppend([Reward("d1", 1, experiment, arm), Reward("d0", 1, experiment, arm), Reward("d0", 0, experiment, arm), Decision("d1", experiment, arm), Decision("d0", experiment, arm)]);
        var drainer = new OutageDrainer(log, new StoreAvailability(), store, NullLogger<OutageDrainer>.Instance);
        await drainer.DrainAsync();
        await drainer.DrainAsync(); // a repeat changes nothing

        var counters = (await store.GetCountersAsync(experiment, [arm])).Arms[0];
        Assert.Equal((2L, 2L, 2.0), (counters.Pulls, counters.Updates, counters.Rewards));
        Assert.Equal(0, log.Count);
        Assert.Equal((5L, 5L), log.Totals);
    }

    private OutageLog NewLog(int capacity = 100) =>
        new(Options.Create(new RouterOptions { OutageLogPath = _folder, OutageBufferCapacity = capacity }), NullLogger<OutageLog>.Instance);

    private static OutageEntry Decision(string id, string experiment = "exp", string arm = "A") =>
        OutageEntry.ForDecision(experiment, new DecisionRecord(id, arm, 0.5, "thompson", "u"));

    private static OutageEntry Reward(string id, double reward, string experiment = "exp", string arm = "A") =>
        OutageEntry.ForReward(experiment, new RewardRecord(id, arm, reward, 0.5));
}
