namespace Bandit.Router.Store;

// The auto-promotion rule's memory: one string under the experiment's hash tag, no expiry (an experiment's probation
// may last longer than any ttl would).
public sealed partial class RedisBanditStore : IPromotionStateStore
{
    public Task<string?> GetPromotionStateAsync(string experiment, CancellationToken cancellationToken = default) =>
        RedisFailures.Guard(async () => (string?)await RedisSpans.Trace(RedisSpans.Start("GET", "read promotion state"),
            Db.StringGetAsync(RedisKeys.PromotionState(experiment))).ConfigureAwait(false));

    public Task SetPromotionStateAsync(string experiment, string state, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(state);
        return RedisFailures.Guard(() => RedisSpans.Trace(RedisSpans.Start("SET", "write promotion state"),
            Db.StringSetAsync(RedisKeys.PromotionState(experiment), state)));
    }
}
