using System.Globalization;
using System.Security.Cryptography;
using Bandit.Allocation;
using StackExchange.Redis;

namespace Bandit.Router.Store;

/// <summary>
/// <see cref="IBanditStore"/> on Redis, shared by every Router replica: one Lua script per change
/// (<see cref="RedisScripts"/>), all keys of an experiment under one hash tag (<see cref="RedisKeys"/>). Each command
/// is a span of its own (<see cref="RedisSpans"/>), child of the request that sent it.
/// </summary>
public sealed partial class RedisBanditStore(IConnectionMultiplexer redis, BanditStoreSettings settings) : IBanditStore
{
    private readonly IConnectionMultiplexer _redis = redis;
    private readonly BanditStoreSettings _settings = settings;

    public bool IsShared => true;

    private IDatabase Db => _redis.GetDatabase();

    private string TtlMs => ((long)Math.Ceiling(_settings.DecisionTtl.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);

    private string Cap => _settings.EventStreamMaxLength.ToString(CultureInfo.InvariantCulture);

    // Every call goes through RedisFailures.Guard: an outage leaves this class only as StoreUnavailableException.
    public Task<byte[]> GetOrCreateSecretAsync(byte[]? proposed = null, CancellationToken cancellationToken = default) =>
        RedisFailures.Guard(() => GetOrCreateSecretCoreAsync(proposed, cancellationToken));

    public Task RecordDecisionAsync(string experiment, DecisionRecord decision, CancellationToken cancellationToken = default) =>
        RedisFailures.Guard(() => RecordDecisionCoreAsync(experiment, decision, cancellationToken));

    public Task<bool> RecordFailureAsync(string experiment, string decisionId, string arm, string reason, CancellationToken cancellationToken = default) =>
        RedisFailures.Guard(() => RecordFailureCoreAsync(experiment, decisionId, arm, reason, cancellationToken));

    public Task<RewardOutcome> RecordRewardAsync(string experiment, RewardRecord reward, CancellationToken cancellationToken = default) =>
        RedisFailures.Guard(() => RecordRewardCoreAsync(experiment, reward, cancellationToken));

    public Task<IReadOnlyList<RewardOutcome>> RecordRewardsAsync(IReadOnlyList<(string Experiment, RewardRecord Reward)> rewards, CancellationToken cancellationToken = default) =>
        RedisFailures.Guard(() => RecordRewardsCoreAsync(rewards, cancellationToken));

    public Task<ExperimentCounters> GetCountersAsync(string experiment, IReadOnlyList<string> arms, CancellationToken cancellationToken = default) =>
        RedisFailures.Guard(() => GetCountersCoreAsync(experiment, arms, new string?[arms.Count], cancellationToken));

    public Task<ExperimentCounters> GetCountersAsync(string experiment, IReadOnlyList<string> arms, IReadOnlyList<string?> versions, CancellationToken cancellationToken = default) =>
        RedisFailures.Guard(() => GetCountersCoreAsync(experiment, arms, versions, cancellationToken));

    public Task<IReadOnlyList<VersionCounters>> GetVersionsAsync(string experiment, string arm, CancellationToken cancellationToken = default) =>
        RedisFailures.Guard(() => GetVersionsCoreAsync(experiment, arm, cancellationToken));

    public Task<long> ResetAsync(string experiment, IReadOnlyList<string> arms, CancellationToken cancellationToken = default) =>
        RedisFailures.Guard(() => ResetCoreAsync(experiment, arms, cancellationToken));

    public Task<IReadOnlyList<BanditEvent>> ReadEventsAsync(string experiment, int count, CancellationToken cancellationToken = default) =>
        RedisFailures.Guard(() => ReadEventsCoreAsync(experiment, count, cancellationToken));

    private async Task<byte[]> GetOrCreateSecretCoreAsync(byte[]? proposed = null, CancellationToken cancellationToken = default)
    {
        // First writer wins; everyone then reads the same value.
        await RedisSpans.Trace(RedisSpans.Start("SET", "propose secret"), Db.StringSetAsync(RedisKeys.Secret, proposed ?? RandomNumberGenerator.GetBytes(32), when: When.NotExists)).ConfigureAwait(false);
        var secret = (byte[]?)await RedisSpans.Trace(RedisSpans.Start("GET", "read secret"), Db.StringGetAsync(RedisKeys.Secret)).ConfigureAwait(false);
        return secret is { Length: >= 16 } ? secret : throw new InvalidOperationException($"Redis key {RedisKeys.Secret} does not hold a usable secret.");
    }

    private Task RecordDecisionCoreAsync(string experiment, DecisionRecord decision, CancellationToken cancellationToken = default)
    {
        var promised = Math.Min(decision.PromisedArms?.Count ?? 0, decision.Promised?.Count ?? 0);
        var keys = new RedisKey[7 + promised];
        var args = new RedisValue[10 + promised];
        (keys[0], keys[1], keys[2], keys[3]) = (RedisKeys.Arm(experiment, decision.Arm), RedisKeys.Decision(experiment, decision.Id), RedisKeys.Events(experiment), RedisKeys.Epoch(experiment));
        (keys[4], keys[5]) = (RedisKeys.ArmVersion(experiment, decision.Arm, decision.Version), RedisKeys.Versions(experiment, decision.Arm));
        (args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7]) = (decision.Id, decision.Arm, Format(decision.Propensity), TtlMs, Cap, decision.Strategy, decision.UserKey, decision.Version ?? "");
        args[8] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(); // orders the versions index only
        keys[6] = RedisKeys.Context(experiment, decision.Id);
        args[9] = decision.Context is { } x ? ContextValue(x, decision.UserKey) : "";
        for (var i = 0; i < promised; i++)
        {
            keys[7 + i] = RedisKeys.Arm(experiment, decision.PromisedArms![i]);
            args[10 + i] = Format(decision.Promised![i]);
        }

        return RedisSpans.Trace(RedisSpans.Start("EVALSHA", "record decision"), Db.ScriptEvaluateAsync(RedisScripts.Decide, keys, args));
    }

    private async Task<bool> RecordFailureCoreAsync(string experiment, string decisionId, string arm, string reason, CancellationToken cancellationToken = default)
    {
        var result = await RedisSpans.Trace(RedisSpans.Start("EVALSHA", "record failure"), Db.ScriptEvaluateAsync(
            RedisScripts.Fail,
            [RedisKeys.Decision(experiment, decisionId), RedisKeys.Arm(experiment, arm), RedisKeys.Events(experiment), RedisKeys.Epoch(experiment)],
            [decisionId, arm, Cap, reason])).ConfigureAwait(false);
        return (int)result == 1;
    }

    private async Task<RewardOutcome> RecordRewardCoreAsync(string experiment, RewardRecord reward, CancellationToken cancellationToken = default) =>
        ToOutcome(await RedisSpans.Trace(RedisSpans.Start("EVALSHA", "record reward"), EvaluateReward(Db, experiment, reward)).ConfigureAwait(false));

    private async Task<IReadOnlyList<RewardOutcome>> RecordRewardsCoreAsync(IReadOnlyList<(string Experiment, RewardRecord Reward)> rewards, CancellationToken cancellationToken = default)
    {
        if (rewards.Count == 0)
        {
            return [];
        }

        // One round trip: every script is queued on the batch and sent together.
        var span = RedisSpans.Start("EVALSHA", "record rewards");
        var batch = Db.CreateBatch();
        var pending = rewards.Select(r => EvaluateReward(batch, r.Experiment, r.Reward)).ToArray();
        batch.Execute();
        var results = await RedisSpans.Trace(span, Task.WhenAll(pending)).ConfigureAwait(false);
        return [.. results.Select(ToOutcome)];
    }

    private async Task<ExperimentCounters> GetCountersCoreAsync(string experiment, IReadOnlyList<string> arms, IReadOnlyList<string?> versions, CancellationToken cancellationToken = default)
    {
        var keys = new RedisKey[1 + (2 * arms.Count)];
        keys[0] = RedisKeys.Epoch(experiment);
        for (var i = 0; i < arms.Count; i++)
        {
            (keys[1 + (2 * i)], keys[2 + (2 * i)]) = (RedisKeys.Arm(experiment, arms[i]), RedisKeys.ArmVersion(experiment, arms[i], i < versions.Count ? versions[i] : null));
        }

        var values = (RedisValue[])(await RedisSpans.Trace(RedisSpans.Start("EVALSHA", "read counters"), Db.ScriptEvaluateAsync(RedisScripts.Counters, keys)).ConfigureAwait(false))!;
        var now = (long)values[1];
        var counters = new ArmCounters[arms.Count];
        var discounted = new DiscountedCounts[arms.Count];
        for (var i = 0; i < arms.Count; i++)
        {
            var at = 2 + (9 * i);
            var versioned = keys[1 + (2 * i)] != keys[2 + (2 * i)];
            counters[i] = new ArmCounters(arms[i], (long)values[at + 2], (long)values[at + 3], ParseDouble(values[at + 4]), (long)values[at + 5], ParseDouble(values[at + 1]),
                versioned ? (long)values[at] : null);
            discounted[i] = new DiscountedCounts(ParseDouble(values[at + 6]), ParseDouble(values[at + 7]), values[at + 8].IsNullOrEmpty ? now : (long)values[at + 8]);
        }

        return new ExperimentCounters((long)values[0], counters, discounted, now);
    }

    private async Task<IReadOnlyList<VersionCounters>> GetVersionsCoreAsync(string experiment, string arm, CancellationToken cancellationToken = default)
    {
        var versions = await RedisSpans.Trace(RedisSpans.Start("ZRANGE", "read versions"), Db.SortedSetRangeByRankWithScoresAsync(RedisKeys.Versions(experiment, arm), order: Order.Descending)).ConfigureAwait(false);
        var batch = Db.CreateBatch();
        var reads = versions.Select(v => batch.HashGetAsync(RedisKeys.ArmVersion(experiment, arm, v.Element.ToString()),
            ["pulls", "updates", "rewards", "failures", "dn", "dr", "dt"])).ToArray();
        batch.Execute();
        var hashes = await RedisSpans.Trace(RedisSpans.Start("HMGET", "read version counters"), Task.WhenAll(reads)).ConfigureAwait(false);
        return [.. versions.Select((v, i) =>
        {
            var h = hashes[i];
            var first = (long)v.Score;
            return new VersionCounters(v.Element.ToString(), Long(h[0]), Long(h[1]), ParseDouble(h[2]), Long(h[3]),
                new DiscountedCounts(ParseDouble(h[4]), ParseDouble(h[5]), h[6].IsNullOrEmpty ? first : (long)h[6]), first);
        })];
    }

    private async Task<long> ResetCoreAsync(string experiment, IReadOnlyList<string> arms, CancellationToken cancellationToken = default)
    {
        RedisKey[] keys = [RedisKeys.Epoch(experiment), RedisKeys.Events(experiment),
            .. arms.SelectMany(a => new RedisKey[] { RedisKeys.Arm(experiment, a), RedisKeys.Versions(experiment, a), RedisKeys.Linear(experiment, a) })];
        return (long)await RedisSpans.Trace(RedisSpans.Start("EVALSHA", "reset"), Db.ScriptEvaluateAsync(RedisScripts.Reset, keys, [Cap])).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<BanditEvent>> ReadEventsCoreAsync(string experiment, int count, CancellationToken cancellationToken = default)
    {
        var entries = await RedisSpans.Trace(RedisSpans.Start("XREVRANGE", "read events"), Db.StreamRangeAsync(RedisKeys.Events(experiment), "-", "+", count, Order.Descending)).ConfigureAwait(false);
        return [.. entries.Reverse().Select(ToEvent)];
    }

    private Task<RedisResult> EvaluateReward(IDatabaseAsync db, string experiment, RewardRecord reward) =>
        db.ScriptEvaluateAsync(
            RedisScripts.Reward,
            [RedisKeys.Decision(experiment, reward.DecisionId), RedisKeys.Rewarded(experiment, reward.DecisionId),
             RedisKeys.Arm(experiment, reward.Arm), RedisKeys.Events(experiment), RedisKeys.Epoch(experiment),
             RedisKeys.Context(experiment, reward.DecisionId), RedisKeys.Linear(experiment, reward.Arm)],
            [reward.DecisionId, reward.Arm, Format(reward.Reward), Format(reward.Propensity), Cap, Format(reward.HalfLifeSeconds),
             RedisKeys.UserPrefix(experiment), UserHistoryTtlMs, TtlMs]);

    private static RewardOutcome ToOutcome(RedisResult result) => (int)result switch
    {
        1 => RewardOutcome.Recorded,
        2 => RewardOutcome.Duplicate,
        3 => RewardOutcome.Stale,
        _ => RewardOutcome.Unknown,
    };

    private static BanditEvent ToEvent(StreamEntry entry)
    {
        string? Field(string name) => entry[name] is { IsNull: false } v ? v.ToString() : null;
        double? Number(string name) => Field(name) is { } s ? ParseDouble(s) : null;
        var id = entry.Id.ToString();
        var ms = long.Parse(id.AsSpan(0, id.IndexOf('-')), CultureInfo.InvariantCulture);
        return new BanditEvent(Field("type") ?? "", Field("id"), Field("arm"), Number("propensity"), Number("reward"), Field("strategy"), Field("user"), ms,
            Field("version") is { Length: > 0 } version ? version : null);
    }

    private static long Long(RedisValue value) => value.IsNullOrEmpty ? 0 : (long)value;

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double ParseDouble(RedisValue value) => value.IsNullOrEmpty ? 0.0 : double.Parse(value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);
}

/// <summary>How long decisions stay rewardable and how many events a stream keeps (approximately).</summary>
public sealed record BanditStoreSettings(TimeSpan DecisionTtl, int EventStreamMaxLength);
