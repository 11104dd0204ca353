using StackExchange.Redis;

namespace Bandit.Router.Store;

// Claims: SET NX PX, under their own prefix (no hash tag: a claim is one key, alone in its slot).
public sealed partial class RedisBanditStore : IClaimStore
{
    public Task<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        return RedisFailures.Guard(() => RedisSpans.Trace(RedisSpans.Start("SET", "claim"), Db.StringSetAsync("bandit:claim:" + key, 1, ttl, When.NotExists)));
    }
}
