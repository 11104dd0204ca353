using System.Text.Json;
using Bandit.Router.Store;
using StackExchange.Redis;

namespace Bandit.Router.Experiment.History;

/// <summary>
/// The history in Redis, shared by every replica: two sorted sets per experiment under its hash tag —
/// <c>bandit:{experiment}:history</c> (score = the slot's start in unix ms, member = the snapshot's JSON) and <c>bandit:{experiment}:changes</c>
/// (score = unix ms, member = the event's JSON) — each trimmed to its capacity by the script that adds to it.
/// </summary>
public sealed class RedisExperimentHistoryStore(IConnectionMultiplexer redis) : IExperimentHistoryStore
{
    // Add only when no replica has written this slot yet; then keep the newest `capacity` members.
    private const string AddSnapshotScript = """
        if redis.call('ZCOUNT', KEYS[1], ARGV[1], ARGV[1]) > 0 then return 0 end
        redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
        redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
        return 1
        """;

    private const string AddEventScript = """
        redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
        redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
        return 1
        """;

    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    private IDatabase Db => redis.GetDatabase();

    // Each call goes through RedisFailures.Guard: a Redis outage reaches the callers as StoreUnavailableException.
    public Task<bool> AddSnapshotAsync(string experiment, StatsSnapshot snapshot, int capacity, CancellationToken cancellationToken = default) => RedisFailures.Guard(async () =>
    {
        var result = await RedisSpans.Trace(RedisSpans.Start("EVALSHA", "add history snapshot"), Db.ScriptEvaluateAsync(AddSnapshotScript, [SnapshotsKey(experiment)],
            [snapshot.At.ToUnixTimeMilliseconds(), JsonSerializer.Serialize(snapshot, _json), capacity])).ConfigureAwait(false);
        return (int)result == 1;
    });

    public Task<StatsSnapshot?> LastSnapshotAsync(string experiment, CancellationToken cancellationToken = default) => RedisFailures.Guard(async () =>
    {
        var last = await RedisSpans.Trace(RedisSpans.Start("ZRANGE", "read last history snapshot"), Db.SortedSetRangeByRankAsync(SnapshotsKey(experiment), -1, -1)).ConfigureAwait(false);
        return last.Length == 0 ? null : JsonSerializer.Deserialize<StatsSnapshot>((string)last[0]!, _json);
    });

    public Task AddEventAsync(string experiment, HistoryEvent change, int capacity, CancellationToken cancellationToken = default) =>
        RedisFailures.Guard(() => RedisSpans.Trace(RedisSpans.Start("EVALSHA", "add history event"), Db.ScriptEvaluateAsync(AddEventScript, [EventsKey(experiment)],
            [change.At.ToUnixTimeMilliseconds(), JsonSerializer.Serialize(change, _json), capacity])));

    public Task<(IReadOnlyList<StatsSnapshot> Snapshots, IReadOnlyList<HistoryEvent> Events)> ReadAsync(string experiment, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        RedisFailures.Guard<(IReadOnlyList<StatsSnapshot>, IReadOnlyList<HistoryEvent>)>(async () =>
    {
        var db = Db;
        var snapshots = RedisSpans.Trace(RedisSpans.Start("ZRANGEBYSCORE", "read history snapshots"), db.SortedSetRangeByScoreAsync(SnapshotsKey(experiment), since.ToUnixTimeMilliseconds()));
        var events = RedisSpans.Trace(RedisSpans.Start("ZRANGEBYSCORE", "read history events"), db.SortedSetRangeByScoreAsync(EventsKey(experiment), since.ToUnixTimeMilliseconds()));
        IReadOnlyList<StatsSnapshot> s = [.. (await snapshots.ConfigureAwait(false)).Select(v => JsonSerializer.Deserialize<StatsSnapshot>((string)v!, _json)!)];
        IReadOnlyList<HistoryEvent> e = [.. (await events.ConfigureAwait(false)).Select(v => JsonSerializer.Deserialize<HistoryEvent>((string)v!, _json)!)];
        return (s, e);
    });

    internal static string SnapshotsKey(string experiment) => $"bandit:{{{experiment}}}:history";

    internal static string EventsKey(string experiment) => $"bandit:{{{experiment}}}:changes";
}
