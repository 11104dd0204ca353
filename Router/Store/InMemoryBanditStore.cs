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
            if (!state.Decisions.TryAdd(decision.Id, new PendingDecision(state.Epoch, decision.Arm, expiresAt, Version: decision.Version ?? "",
                Context: decision.Context?.ToArray(), UserKey: decision.UserKey)))
            {
                return Task.CompletedTask; // recorded once by id
            }

            state.Expiry.Enqueue((decision.Id, expiresAt));
            state.Arm(decision.Arm).Pulls++;
            if (state.Version(decision.Arm, decision.Version, now) is { } served)
            {
                served.Pulls++;
            }
            for (var i = 0; i < Math.Min(decision.PromisedArms?.Count ?? 0, decision.Promised?.Count ?? 0); i++)
            {
                state.Arm(decision.PromisedArms![i]).Promised += decision.Promised![i];
            }

            state.Add(new BanditEvent(BanditEventTypes.Decision, decision.Id, decision.Arm, decision.Propensity, null, decision.Strategy, decision.UserKey, now, decision.Version), _settings.EventStreamMaxLength);
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
                foreach (var counters in new[] { state.Arm(arm), state.Version(arm, pending.Version, now) })
                {
                    if (counters is not null)
                    {
                        counters.Pulls--;
                        counters.Failures++;
                    }
                }
            }

            state.Add(new BanditEvent(BanditEventTypes.Failure, decisionId, arm, null, null, null, null, now), _settings.EventStreamMaxLength);
            return Task.FromResult(true);
        }
    }

    public Task<RewardOutcome> RecordRewardAsync(string experiment, RewardRecord reward, CancellationToken cancellationToken = default) =>
        Task.FromResult(Reward(experiment, reward));

    public Task<IReadOnlyList<RewardOutcome>> RecordRewardsAsync(IReadOnlyList<(string Experiment, RewardRecord Reward)> rewards, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RewardOutcome>>([.. rewards.Select(r => Reward(r.Experiment, r.Reward))]);

    public Task<ExperimentCounters> GetCountersAsync(string experiment, IReadOnlyList<string> arms, CancellationToken cancellationToken = default) =>
        GetCountersAsync(experiment, arms, new string?[arms.Count], cancellationToken);

    public Task<ExperimentCounters> GetCountersAsync(string experiment, IReadOnlyList<string> arms, IReadOnlyList<string?> versions, CancellationToken cancellationToken = default)
    {
        var state = State(experiment);
        lock (state.Gate)
        {
            var counters = new ArmCounters[arms.Count];
            var discounted = new DiscountedCounts[arms.Count];
            for (var i = 0; i < arms.Count; i++)
            {
                var arm = state.Arms.GetValueOrDefault(arms[i]) ?? new MutableCounters();
                var version = i < versions.Count ? versions[i] : null;
                var live = string.IsNullOrEmpty(version) ? arm : state.Served.GetValueOrDefault((arms[i], version)) ?? new MutableCounters();
                counters[i] = new ArmCounters(arms[i], live.Pulls, live.Updates, live.Rewards, live.Failures, arm.Promised, ReferenceEquals(live, arm) ? null : arm.Pulls);
                discounted[i] = live.Discounted;
            }

            return Task.FromResult(new ExperimentCounters(state.Epoch, counters, discounted, NowMs()));
        }
    }

    public Task<IReadOnlyList<VersionCounters>> GetVersionsAsync(string experiment, string arm, CancellationToken cancellationToken = default)
    {
        var state = State(experiment);
        lock (state.Gate)
        {
            return Task.FromResult<IReadOnlyList<VersionCounters>>([.. state.Served
                .Where(v => v.Key.Arm == arm)
                .OrderByDescending(v => v.Value.FirstSeenMs).ThenByDescending(v => v.Key.Version, StringComparer.Ordinal)
                .Select(v => new VersionCounters(v.Key.Version, v.Value.Pulls, v.Value.Updates, v.Value.Rewards, v.Value.Failures, v.Value.Discounted, v.Value.FirstSeenMs))]);
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
                foreach (var key in state.Served.Keys.Where(k => k.Arm == arm).ToList())
                {
                    state.Served.Remove(key);
                }
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
            // The discounted sums are the served version's (the arm's own when the version is unknown), as in Redis.
            var served = state.Version(reward.Arm, pending.Version, now) ?? counters;
            if (!ReferenceEquals(served, counters))
            {
                served.Updates++;
                served.Rewards += reward.Reward;
            }

            served.Discounted = served.Discounted.Add(reward.Reward, now, reward.HalfLifeSeconds);
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

    private sealed record PendingDecision(long Epoch, string Arm, long ExpiresAtMs, bool Rewarded = false, string Version = "",
        double[]? Context = null, string? UserKey = null);

    private sealed class MutableCounters
    {
        public long Pulls;
        public long Updates;
        public double Rewards;
        public long Failures;
        public double Promised;
        public DiscountedCounts Discounted;
        public long FirstSeenMs;
    }

    private sealed partial class ExperimentState
    {
        public readonly Lock Gate = new();
        public readonly Dictionary<string, MutableCounters> Arms = new(StringComparer.Ordinal);
        public readonly Dictionary<string, PendingDecision> Decisions = new(StringComparer.Ordinal);
        public readonly Dictionary<(string Arm, string Version), MutableCounters> Served = [];
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

        /// <summary>The counters of one version of an arm (created on first use), or null when the version is unknown.</summary>
        public MutableCounters? Version(string arm, string? version, long nowMs)
        {
            if (string.IsNullOrEmpty(version))
            {
                return null;
            }

            if (!Served.TryGetValue((arm, version), out var counters))
            {
                Served[(arm, version)] = counters = new MutableCounters { FirstSeenMs = nowMs };
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
