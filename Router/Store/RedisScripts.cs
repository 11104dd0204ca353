namespace Bandit.Router.Store;

/// <summary>
/// The Lua scripts behind <see cref="RedisBanditStore"/>: each change of state is one script, so it is atomic and
/// replicas never see half of it. A decision key holds <c>"&lt;epoch&gt;|&lt;arm&gt;"</c>; the epoch moves on every reset.
/// </summary>
internal static class RedisScripts
{
    /// <summary>
    /// KEYS: arm hash, decision, events, epoch, and for a contextual decision its context key. ARGV: id, arm, propensity,
    /// ttl ms, stream cap, strategy, user, and the context value (<c>"x1,x2,…|user"</c>). 1 = recorded, 0 = already
    /// recorded (a repeat, e.g. from the outage log): counted once by id. The context lives as long as the decision.
    /// </summary>
    public const string Decide = """
        local epoch = redis.call('GET', KEYS[4]) or '0'
        if not redis.call('SET', KEYS[2], epoch .. '|' .. ARGV[2], 'NX', 'PX', ARGV[4]) then return 0 end
        if KEYS[5] then redis.call('SET', KEYS[5], ARGV[8], 'PX', ARGV[4]) end
        redis.call('HINCRBY', KEYS[1], 'pulls', 1)
        redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[5], '*', 'type', 'decision', 'id', ARGV[1], 'arm', ARGV[2],
          'propensity', ARGV[3], 'strategy', ARGV[6], 'user', ARGV[7])
        return 1
        """;

    /// <summary>KEYS: decision, arm hash, events, epoch. ARGV: id, arm, stream cap, reason. 1 = recorded, 0 = unknown decision.</summary>
    public const string Fail = """
        local d = redis.call('GET', KEYS[1])
        if not d then return 0 end
        local sep = string.find(d, '|', 1, true)
        if string.sub(d, sep + 1) ~= ARGV[2] then return 0 end
        redis.call('DEL', KEYS[1])
        if string.sub(d, 1, sep - 1) == (redis.call('GET', KEYS[4]) or '0') then
          redis.call('HINCRBY', KEYS[2], 'pulls', -1)
          redis.call('HINCRBY', KEYS[2], 'failures', 1)
        end
        redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[3], '*', 'type', 'failure', 'id', ARGV[1], 'arm', ARGV[2], 'reason', ARGV[4])
        return 1
        """;

    /// <summary>
    /// KEYS: decision, rewarded marker, arm hash, events, epoch, context, the arm's linear statistics. ARGV: id, arm,
    /// reward, propensity, stream cap, half-life s, the user-key prefix, the user history's ttl ms.
    /// 0 = unknown (no such decision, or another arm), 1 = recorded, 2 = duplicate, 3 = stale (before a reset).
    /// The marker lives as long as the decision, so a duplicate is recognised for the decision's whole life.
    /// A recorded reward also updates the arm's discounted sums (<c>dn</c>, <c>dr</c> as of <c>dt</c>, unix ms): decayed
    /// to the Redis server's clock by 2^(−age/half-life), then the reward added with weight 1 — the arithmetic of
    /// <see cref="Bandit.Allocation.DiscountedCounts.Add"/>, on one clock for every replica. Asking for TIME before
    /// writing needs effects replication, the default since Redis 5 (explicit before Redis 7).
    /// A contextual decision (its context key exists) also adds its context x to the arm's linear statistics — A += x xᵀ
    /// (upper triangle), b += r·x, n += 1 — and counts a hit (r &gt; 0) or a miss for the arm in the user's history, in the
    /// same script after the duplicate and epoch checks: exactly once per decision, like the counters. The user's key is
    /// built here from the stored user; it carries the experiment's hash tag, so it is in the script's slot.
    /// </summary>
    public const string Reward = """
        if redis.replicate_commands then redis.replicate_commands() end
        local d = redis.call('GET', KEYS[1])
        if not d then return 0 end
        local sep = string.find(d, '|', 1, true)
        if string.sub(d, sep + 1) ~= ARGV[2] then return 0 end
        local ttl = redis.call('PTTL', KEYS[1])
        local fresh
        if ttl > 0 then
          fresh = redis.call('SET', KEYS[2], ARGV[3], 'NX', 'PX', ttl)
        else
          fresh = redis.call('SET', KEYS[2], ARGV[3], 'NX')
        end
        if not fresh then return 2 end
        if string.sub(d, 1, sep - 1) ~= (redis.call('GET', KEYS[5]) or '0') then return 3 end
        redis.call('HINCRBYFLOAT', KEYS[3], 'rewards', ARGV[3])
        redis.call('HINCRBY', KEYS[3], 'updates', 1)
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local v = redis.call('HMGET', KEYS[3], 'dn', 'dr', 'dt')
        local dn, dr, dt = tonumber(v[1]) or 0, tonumber(v[2]) or 0, tonumber(v[3]) or now
        local f = 1
        if now > dt then f = 2 ^ (-(now - dt) / (1000 * tonumber(ARGV[6]))) else now = dt end
        redis.call('HSET', KEYS[3], 'dn', string.format('%.17g', dn * f + 1), 'dr', string.format('%.17g', dr * f + tonumber(ARGV[3])),
          'dt', string.format('%.0f', now))
        local ctx = redis.call('GET', KEYS[6])
        if ctx then
          local bar = string.find(ctx, '|', 1, true)
          local x = {}
          for v in string.gmatch(string.sub(ctx, 1, bar - 1), '[^,]+') do x[#x + 1] = tonumber(v) end
          local r = tonumber(ARGV[3])
          redis.call('HINCRBY', KEYS[7], 'n', 1)
          for i = 1, #x do
            redis.call('HINCRBYFLOAT', KEYS[7], 'b:' .. (i - 1), string.format('%.17g', r * x[i]))
            for j = i, #x do
              redis.call('HINCRBYFLOAT', KEYS[7], 'g:' .. (i - 1) .. ':' .. (j - 1), string.format('%.17g', x[i] * x[j]))
            end
          end
          local user = ARGV[7] .. string.sub(ctx, bar + 1)
          if r > 0 then redis.call('HINCRBY', user, 'h:' .. ARGV[2], 1) else redis.call('HINCRBY', user, 'm:' .. ARGV[2], 1) end
          redis.call('PEXPIRE', user, ARGV[8])
        end
        redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[5], '*', 'type', 'reward', 'id', ARGV[1], 'arm', ARGV[2],
          'reward', ARGV[3], 'propensity', ARGV[4])
        return 1
        """;

    /// <summary>
    /// KEYS: epoch, arm hashes…. Returns {epoch, now ms, then per arm pulls, updates, rewards, failures, discounted
    /// updates, discounted rewards, their time (ms)} as strings ('0' when absent; the time '' when never written).
    /// </summary>
    public const string Counters = """
        local time = redis.call('TIME')
        local out = { redis.call('GET', KEYS[1]) or '0', string.format('%.0f', tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)) }
        for i = 2, #KEYS do
          local v = redis.call('HMGET', KEYS[i], 'pulls', 'updates', 'rewards', 'failures', 'dn', 'dr', 'dt')
          for j = 1, 6 do out[#out + 1] = v[j] or '0' end
          out[#out + 1] = v[7] or ''
        end
        return out
        """;

    /// <summary>KEYS: epoch, events, arm hashes and linear statistics…. ARGV: stream cap. Returns the new epoch.</summary>
    public const string Reset = """
        local epoch = redis.call('INCR', KEYS[1])
        for i = 3, #KEYS do redis.call('DEL', KEYS[i]) end
        redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], '*', 'type', 'reset', 'epoch', epoch)
        return epoch
        """;
}
