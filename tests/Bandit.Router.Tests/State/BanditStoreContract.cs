using Bandit.Router.Choosing;
using Bandit.Router.Experiment.Stats;
using Bandit.Router.Store;
using Bandit.Router.Tests.Support;

namespace Bandit.Router.Tests.State;

/// <summary>
/// What every <see cref="IBanditStore"/> must do, run against Redis and against memory: the same test code, so the
/// embedded default behaves exactly like the shared store.
/// </summary>
public abstract partial class BanditStoreContract
{
    protected static readonly BanditStoreSettings Settings = new(TimeSpan.FromHours(1), 10_000);

    private readonly string _experiment = "exp-" + TestConfigs.NewTag();

    /// <summary>A store with <paramref name="settings"/> (default <see cref="Settings"/>).</summary>
    protected abstract IBanditStore CreateStore(BanditStoreSettings? settings = null);

    /// <summary>A second store over the same state where the implementation shares it (Redis), else the same instance.</summary>
    protected abstract IBanditStore SecondStoreOverSameState(IBanditStore first);

    [Fact]
    public async Task RecordReward_AfterDecision_CountsOnceOnTheArm()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, Decision("d1", "A"));
        await store.RecordDecisionAsync(_experiment, Decision("d2", "B"));

        var outcome = await store.RecordRewardAsync(_experiment, new RewardRecord("d1", "A", 1.0, 0.5));

        Assert.Equal(RewardOutcome.Recorded, outcome);
        var counters = await store.GetCountersAsync(_experiment, ["A", "B"]);
        Assert.Equal(new ArmCounters("A", 1, 1, 1.0, 0), counters.Arms[0]);
        Assert.Equal(new ArmCounters("B", 1, 0, 0.0, 0), counters.Arms[1]);
    }

    [Fact]
    public async Task RecordReward_Twice_SecondIsDuplicateAndChangesNothing()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, Decision("d1", "A"));
        await store.RecordRewardAsync(_experiment, new RewardRecord("d1", "A", 0.25, 0.5));

        var again = await store.RecordRewardAsync(_experiment, new RewardRecord("d1", "A", 1.0, 0.5));

        Assert.Equal(RewardOutcome.Duplicate, again);
        var counters = await store.GetCountersAsync(_experiment, ["A"]);
        Assert.Equal(new ArmCounters("A", 1, 1, 0.25, 0), counters.Arms[0]);
    }

    [Fact]
    public async Task RecordReward_UnknownDecisionOrOtherArm_IsUnknownAndChangesNothing()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, Decision("d1", "A"));

        var unknown = await store.RecordRewardAsync(_experiment, new RewardRecord("nope", "A", 1.0, 0.5));
        var otherArm = await store.RecordRewardAsync(_experiment, new RewardRecord("d1", "B", 1.0, 0.5));
        var otherExperiment = await store.RecordRewardAsync(_experiment + "-x", new RewardRecord("d1", "A", 1.0, 0.5));

        Assert.Equal([RewardOutcome.Unknown, RewardOutcome.Unknown, RewardOutcome.Unknown], [unknown, otherArm, otherExperiment]);
        var counters = await store.GetCountersAsync(_experiment, ["A", "B"]);
        Assert.All(counters.Arms, a => Assert.Equal(0, a.Updates));
        Assert.Equal(RewardOutcome.Recorded, await store.RecordRewardAsync(_experiment, new RewardRecord("d1", "A", 1.0, 0.5)));
    }

    [Fact]
    public async Task RecordReward_AfterTtl_IsUnknown()
    {
        var store = CreateStore(Settings with { DecisionTtl = TimeSpan.FromMilliseconds(150) });
        await store.RecordDecisionAsync(_experiment, Decision("d1", "A"));

        await Task.Delay(400);
        var outcome = await store.RecordRewardAsync(_experiment, new RewardRecord("d1", "A", 1.0, 0.5));

        Assert.Equal(RewardOutcome.Unknown, outcome);
    }

    [Fact]
    public async Task RecordReward_ConcurrentForOneDecision_ExactlyOneIsRecorded()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, Decision("d1", "A"));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => store.RecordRewardAsync(_experiment, new RewardRecord("d1", "A", 1.0, 0.5)))));

        Assert.Equal(1, outcomes.Count(o => o == RewardOutcome.Recorded));
        Assert.Equal(31, outcomes.Count(o => o == RewardOutcome.Duplicate));
        Assert.Equal(1, (await store.GetCountersAsync(_experiment, ["A"])).Arms[0].Updates);
    }

    [Fact]
    public async Task RecordRewards_Batch_AnswersEachInOrder()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, Decision("d1", "A"));
        await store.RecordDecisionAsync(_experiment, Decision("d2", "B"));

        var outcomes = await store.RecordRewardsAsync(
        [
            (_experiment, new RewardRecord("d1", "A", 1.0, 0.5)),
            (_experiment, new RewardRecord("zz", "A", 1.0, 0.5)),
            (_experiment, new RewardRecord("d2", "B", 0.0, 0.5)),
            (_experiment, new RewardRecord("d1", "A", 1.0, 0.5)),
        ]);

        Assert.Equal([RewardOutcome.Recorded, RewardOutcome.Unknown, RewardOutcome.Recorded, RewardOutcome.Duplicate], outcomes);
        var counters = await store.GetCountersAsync(_experiment, ["A", "B"]);
        Assert.Equal((1, 1.0), (counters.Arms[0].Updates, counters.Arms[0].Rewards));
        Assert.Equal((1, 0.0), (counters.Arms[1].Updates, counters.Arms[1].Rewards));
    }

    [Fact]
    public async Task RecordFailure_TakesThePullBackAndTheDecisionCannotBeRewarded()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, Decision("d1", "A"));

        Assert.True(await store.RecordFailureAsync(_experiment, "d1", "A", "status 500"));
        Assert.False(await store.RecordFailureAsync(_experiment, "d1", "A", "again"));

        Assert.Equal(RewardOutcome.Unknown, await store.RecordRewardAsync(_experiment, new RewardRecord("d1", "A", 1.0, 0.5)));
        Assert.Equal(new ArmCounters("A", 0, 0, 0, 1), (await store.GetCountersAsync(_experiment, ["A"])).Arms[0]);
    }

    [Fact]
    public async Task Reset_ClearsCountersAndOlderDecisionsAreStale()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, Decision("old", "A"));
        await store.RecordDecisionAsync(_experiment, Decision("old2", "A"));
        await store.RecordRewardAsync(_experiment, new RewardRecord("old2", "A", 1.0, 0.5));

        var epoch = await store.ResetAsync(_experiment, ["A", "B"]);
        await store.RecordDecisionAsync(_experiment, Decision("new", "A"));

        Assert.Equal(1, epoch);
        Assert.Equal(RewardOutcome.Stale, await store.RecordRewardAsync(_experiment, new RewardRecord("old", "A", 1.0, 0.5)));
        Assert.Equal(RewardOutcome.Duplicate, await store.RecordRewardAsync(_experiment, new RewardRecord("old", "A", 1.0, 0.5)));
        Assert.Equal(RewardOutcome.Recorded, await store.RecordRewardAsync(_experiment, new RewardRecord("new", "A", 1.0, 0.5)));
        var counters = await store.GetCountersAsync(_experiment, ["A"]);
        Assert.Equal((1L, new ArmCounters("A", 1, 1, 1.0, 0)), (counters.Epoch, counters.Arms[0]));
    }

    [Fact]
    public async Task Events_RecordDecisionsRewardsAndFailuresWithPropensities()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, new DecisionRecord("d1", "A", 0.25, "thompson", "42"));
        await store.RecordDecisionAsync(_experiment, new DecisionRecord("d2", "B", 0.75, "thompson", "43"));
        await store.RecordRewardAsync(_experiment, new RewardRecord("d1", "A", 1.0, 0.25));
        await store.RecordFailureAsync(_experiment, "d2", "B", "status 503");

        var events = await store.ReadEventsAsync(_experiment, 10);

        Assert.Equal(["decision", "decision", "reward", "failure"], events.Select(e => e.Type));
        Assert.Equal(new BanditEvent("decision", "d1", "A", 0.25, null, "thompson", "42", events[0].TimestampMs), events[0]);
        Assert.Equal(new BanditEvent("reward", "d1", "A", 0.25, 1.0, null, null, events[2].TimestampMs), events[2]);
        Assert.Equal("d2", events[3].DecisionId);
    }

    [Fact]
    public async Task Events_FeedTheLiveOffPolicyEstimateSinceTheLastReset()
    {
        var store = CreateStore();
        await store.RecordDecisionAsync(_experiment, new DecisionRecord("old", "A", 0.5, "epsilon", "1"));
        await store.RecordRewardAsync(_experiment, new RewardRecord("old", "A", 1.0, 0.5));
        await store.ResetAsync(_experiment, ["A", "B"]);
        await store.RecordDecisionAsync(_experiment, new DecisionRecord("d1", "A", 0.8, "epsilon", "1"));
        await store.RecordDecisionAsync(_experiment, new DecisionRecord("d2", "B", 0.2, "epsilon", "2"));
        await store.RecordDecisionAsync(_experiment, new DecisionRecord("d3", "A", 0.8, "epsilon", "3"));
        await store.RecordRewardAsync(_experiment, new RewardRecord("d2", "B", 1.0, 0.2));
        await store.RecordFailureAsync(_experiment, "d3", "A", "status 503");

        var result = LiveOffPolicy.Estimate(await store.ReadEventsAsync(_experiment, 100), ["A", "B"], window: 100);

        // d1 (A, no click) and d2 (B, click, π 0.2) count; "old" predates the reset and d3 failed. IPS of "always B"
        // = (1/0.2 · 1) / 2 = 2.5, SNIPS = 1; uniform weights 0.5/0.8 and 0.5/0.2: SNIPS = 2.5 / 3.125 = 0.8.
        Assert.Equal(2, result.Decisions);
        Assert.Equal(2.5, result.Policies[1].Ips!.Value, 12);
        Assert.Equal(1.0, result.Policies[1].Snips!.Value, 12);
        Assert.Equal(0.0, result.Policies[0].Snips!.Value, 12);
        Assert.Equal(0.8, result.Policies[2].Snips!.Value, 12);
    }

    [Fact]
    public async Task Events_AreCapped()
    {
        var store = CreateStore(Settings with { EventStreamMaxLength = 50 });
        for (var i = 0; i < 1000; i++)
        {
            await store.RecordDecisionAsync(_experiment, Decision($"d{i}", "A"));
        }

        var events = await store.ReadEventsAsync(_experiment, 2000);

        // Redis trims whole stream nodes (MAXLEN ~, 100 entries per node by default), memory trims exactly.
        Assert.InRange(events.Count, 50, 200);
        Assert.Equal("d999", events[^1].DecisionId);
    }

    [Fact]
    public async Task Secret_IsStableAndSharedOverTheSameState()
    {
        var store = CreateStore();

        var first = await store.GetOrCreateSecretAsync();
        var again = await store.GetOrCreateSecretAsync();
        var other = await SecondStoreOverSameState(store).GetOrCreateSecretAsync();

        Assert.True(first.Length >= 32);
        Assert.Equal(first, again);
        Assert.Equal(first, other);
    }

    [Fact]
    public async Task Secret_AProposalNeverReplacesTheStoredOne()
    {
        var store = CreateStore();
        var first = await store.GetOrCreateSecretAsync();

        var afterProposal = await store.GetOrCreateSecretAsync(new byte[32]);

        Assert.Equal(first, afterProposal);
    }

    [Fact]
    public async Task GetCounters_ArmsNeverSeen_AreZero()
    {
        var counters = await CreateStore().GetCountersAsync(_experiment, ["X", "Y"]);

        Assert.Equal(0, counters.Epoch);
        Assert.Equal([new ArmCounters("X", 0, 0, 0, 0), new ArmCounters("Y", 0, 0, 0, 0)], counters.Arms);
    }

    private static DecisionRecord Decision(string id, string arm) => new(id, arm, 0.5, "thompson", "1");
}
