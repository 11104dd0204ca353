using System.Collections.Concurrent;
using System.Security.Cryptography;
using Bandit.Allocation;

namespace Bandit.Router.Store;

/// <summary>
/// <see cref="IBanditStore"/> in this process (the embedded default, when <c>ConnectionStrings:redis</c> is not set):
/// the same semantics as <see cref="RedisBanditStore"/>, one lock per experiment, expired decisions swept as new ones arrive.
/// </summary>
public sealed partial class InMemoryBanditStore(BanditStoreSettings settings, TimeProvider? time = null) : IBanditStore
{
    private readonly BanditStoreSettings _settings = settings;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, ExperimentState> _experiments = new(StringComparer.Ordinal);

    public bool IsShared => false;

    public Task<byte[]> GetOrCreateSecretAsync(byte[]? proposed = null, CancellationToken cancellationToken = default) => Task.FromResult(_secret);

    public Task RecordDecisionAsync(string experiment, DecisionRecord decision, CancellationToken cancellationToken = default)
    {
        var state = State(experiment);
        var now = NowMs();
        lock (state.Gate)
        {
            state.Sweep(now);
            var expiresAt = now + (long)Math.Ceiling(_settings.DecisionTtl.TotalMilliseconds);
            if (!state.Decisions.TryAdd(decision.Id, new PendingDecision(state.Epoch, decision.Arm, expiresAt, Context: decision.Context?.ToArray(), UserKey: decision.UserKey)))
            {
                return Task.CompletedTask; // recorded once by id
            }

            state.Expiry.Enqueue((decision.Id, expiresAt));
            state.Arm(decision.Arm).Pulls++;
            state.Add(new BanditEvent(BanditEventTypes.Decision, decision.Id, decision.Arm, decision.Propensity, null, decision.Strategy, decision.UserKey, now), _settings.EventStreamMaxLength);
        }

        return Task.CompletedTask;
    }

    public Task<bool> RecordFailureAsync(string experiment, string decisionId, string arm, string reason, CancellationToken cancellationToken = default)
    {
        var state = State(experiment);
        var now = NowMs();
        lock (state.Gate)
        {
            if (!state.TryGetLive(decisionId, arm, now, out var pending))
            {
                return Task.FromResult(false);
            }

            state.Decisions.Remove(decisionId);
            if (pending.Epoch == state.Epoch)
            {
                var counters = state.Arm(arm);
                counters.Pulls--;
                counters.Failures++;
            }

            state.Add(new BanditEvent(BanditEventTypes.Failure, decisionId, arm, null, null, null, null, now), _settings.EventStreamMaxLength);
            return Task.FromResult(true);
        }
    }

    public Task<RewardOutcome> RecordRewardAsync(string experiment, RewardRecord reward, CancellationToken cancellationToken = default) =>
        Task.FromResult(Reward(experiment, reward));

    public Task<IReadOnlyList<RewardOutcome>> RecordRewardsAsync(IReadOnlyList<(string Experiment, RewardRecord Reward)> rewards, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RewardOutcome>>([.. rewards.Select(r => Reward(r.Experiment, r.Reward))]);

    public Task<ExperimentCounters> GetCountersAsync(string experiment, IReadOnlyList<string> arms, CancellationToken cancellationToken = default)
    {
        var state = State(experiment);
        lock (state.Gate)
        {
            return Task.FromResult(new ExperimentCounters(
                state.Epoch,
                [.. arms.Select(a => state.Arms.TryGetValue(a, out var c) ? new ArmCounters(a, c.Pulls, c.Updates, c.Rewards, c.Failures) : new ArmCounters(a, 0, 0, 0, 0))],
                [.. arms.Select(a => state.Arms.TryGetValue(a, out var c) ? c.Discounted : DiscountedCounts.Empty)],
                NowMs()));
        }
    }

    public Task<long> ResetAsync(string experiment, IReadOnlyList<string> arms, CancellationToken cancellationToken = default)
    {
        var state = State(experiment);
        lock (state.Gate)
        {
            state.Epoch++;
            foreach (var arm in arms)
            {
                state.Arms.Remove(arm);
                state.Linear.Remove(arm);
            }

            state.Add(new BanditEvent(BanditEventTypes.Reset, null, null, null, null, null, null, NowMs()), _settings.EventStreamMaxLength);
            return Task.FromResult(state.Epoch);
        }
    }

    public Task<IReadOnlyList<BanditEvent>> ReadEventsAsync(string experiment, int count, CancellationToken cancellationToken = default)
    {
        var state = State(experiment);
        lock (state.Gate)
        {
            return Task.FromResult<IReadOnlyList<BanditEvent>>([.. state.Events.Skip(Math.Max(0, state.Events.Count - count))]);
        }
    }

    private RewardOutcome Reward(string experiment, RewardRecord reward)
    {
        var state = State(experiment);
        var now = NowMs();
        lock (state.Gate)
        {
            if (!state.TryGetLive(reward.DecisionId, reward.Arm, now, out var pending))
            {
                return RewardOutcome.Unknown;
            }

            if (pending.Rewarded)
            {
                return RewardOutcome.Duplicate;
            }

            state.Decisions[reward.DecisionId] = pending with { Rewarded = true };
            if (pending.Epoch != state.Epoch)
            {
                return RewardOutcome.Stale;
            }

            var counters = state.Arm(reward.Arm);
            counters.Updates++;
            counters.Rewards += reward.Reward;
            counters.Discounted = counters.Discounted.Add(reward.Reward, now, reward.HalfLifeSeconds);
            if (pending.Context is { } x)
            {
                state.AddContextual(reward.Arm, pending.UserKey!, x, reward.Reward);
            }

            state.Add(new BanditEvent(BanditEventTypes.Reward, reward.DecisionId, reward.Arm, reward.Propensity, reward.Reward, null, null, now), _settings.EventStreamMaxLength);
            return RewardOutcome.Recorded;
        }
    }

    private ExperimentState State(string experiment) => _experiments.GetOrAdd(experiment, static _ => new ExperimentState());

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private sealed record PendingDecision(long Epoch, string Arm, long ExpiresAtMs, bool Rewarded = false, double[]? Context = null, string? UserKey = null);

    private sealed class MutableCounters
    {
        public long Pulls;
        public long Updates;
        public double Rewards;
        public long Failures;
        public DiscountedCounts Discounted;
    }

    private sealed partial class ExperimentState
    {
        public readonly Lock Gate = new();
        public readonly Dictionary<string, MutableCounters> Arms = new(StringComparer.Ordinal);
        public readonly Dictionary<string, PendingDecision> Decisions = new(StringComparer.Ordinal);
        public readonly Queue<(string Id, long ExpiresAtMs)> Expiry = new();
        public readonly Queue<BanditEvent> Events = new();
        public long Epoch;

        public MutableCounters Arm(string arm)
        {
            if (!Arms.TryGetValue(arm, out var counters))
            {
                Arms[arm] = counters = new MutableCounters();
            }

            return counters;
        }

        public bool TryGetLive(string id, string arm, long nowMs, out PendingDecision pending)
        {
            if (Decisions.TryGetValue(id, out pending!) && pending.ExpiresAtMs > nowMs && pending.Arm == arm)
            {
                return true;
            }

            return false;
        }

        /// <summary>Drops expired decisions; the TTL is the same for all, so the queue is in expiry order.</summary>
        public void Sweep(long nowMs)
        {
            while (Expiry.TryPeek(out var head) && head.ExpiresAtMs <= nowMs)
            {
                Expiry.Dequeue();
                if (Decisions.TryGetValue(head.Id, out var pending) && pending.ExpiresAtMs == head.ExpiresAtMs)
                {
                    Decisions.Remove(head.Id);
                }
            }
        }

        public void Add(BanditEvent e, int cap)
        {
            Events.Enqueue(e);
            while (Events.Count > cap)
            {
                Events.Dequeue();
            }
        }
    }
}
