namespace Bandit.Router.Store;

/// <summary>
/// The Lua scripts behind <see cref="RedisBanditStore"/>: each change of state is one script, so it is atomic and
/// replicas never see half of it. A decision key holds <c>"&lt;epoch&gt;|&lt;arm&gt;"</c>; the epoch moves on every reset.
/// </summary>
internal static class RedisScripts
{
    /// <summary>
    /// KEYS: arm hash, decision, events, epoch, the served version's hash (the arm hash itself when the version is
    /// unknown), the arm's versions index, the decision's context key, then the hashes of the arms promised a share.
    /// ARGV: id, arm, propensity, ttl ms, stream cap, strategy, user, model version ('' when unknown), now ms, the context
    /// value (<c>"x1,x2,…|user"</c>, '' for a non-contextual decision), then each promised arm's probability (KEYS[i] with
    /// ARGV[i + 3]). The decision key keeps "epoch|arm|version", so its reward or failure counts for the version that
    /// served it whenever it arrives; the context lives as long as the decision. 1 = recorded, 0 = already recorded (a
    /// repeat, e.g. from the outage log): counted once by id, promise, version and context included.
    /// </summary>
    public const string Decide = """
        local epoch = redis.call('GET', KEYS[4]) or '0'
        if not redis.call('SET', KEYS[2], epoch .. '|' .. ARGV[2] .. '|' .. ARGV[8], 'NX', 'PX', ARGV[4]) then return 0 end
        if ARGV[10] ~= '' then redis.call('SET', KEYS[7], ARGV[10], 'PX', ARGV[4]) end
        redis.call('HINCRBY', KEYS[1], 'pulls', 1)
        if KEYS[5] ~= KEYS[1] then
          redis.call('HINCRBY', KEYS[5], 'pulls', 1)
          redis.call('ZADD', KEYS[6], 'NX', ARGV[9], ARGV[8])
        end
        for i = 8, #KEYS do redis.call('HINCRBYFLOAT', KEYS[i], 'promised', ARGV[i + 3]) end
        redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[5], '*', 'type', 'decision', 'id', ARGV[1], 'arm', ARGV[2],
          'propensity', ARGV[3], 'strategy', ARGV[6], 'user', ARGV[7], 'version', ARGV[8])
        return 1
        """;

    /// <summary>
    /// Lua shared by the reward and failure scripts: parses a decision value "epoch|arm|version" (or "epoch|arm" from
    /// before versions were recorded) for the expected arm, and names the served version's hash. That hash cannot be a
    /// declared key (a reward carries only the token, which names no version), so it is built from the declared arm hash
    /// plus ":v:&lt;version&gt;": the same hash tag, hence the same Redis Cluster slot as every declared key.
    /// </summary>
    private const string ParseDecision = """
        local function parse(d, arm)
          local sep = string.find(d, '|', 1, true)
          local rest = string.sub(d, sep + 1)
          if rest == arm then return string.sub(d, 1, sep - 1), '' end
          if string.sub(rest, 1, #arm + 1) == arm .. '|' then return string.sub(d, 1, sep - 1), string.sub(rest, #arm + 2) end
          return nil, nil
        end
        local function versionkey(armkey, version) if version == '' then return armkey end return armkey .. ':v:' .. version end
        """;

    /// <summary>KEYS: decision, arm hash, events, epoch. ARGV: id, arm, stream cap, reason. 1 = recorded, 0 = unknown decision.</summary>
    public const string Fail = ParseDecision + "\n" + """
        local d = redis.call('GET', KEYS[1])
        if not d then return 0 end
        local epoch, version = parse(d, ARGV[2])
        if not epoch then return 0 end
        redis.call('DEL', KEYS[1])
        if epoch == (redis.call('GET', KEYS[4]) or '0') then
          redis.call('HINCRBY', KEYS[2], 'pulls', -1)
          redis.call('HINCRBY', KEYS[2], 'failures', 1)
          local vkey = versionkey(KEYS[2], version)
          if vkey ~= KEYS[2] then
            redis.call('HINCRBY', vkey, 'pulls', -1)
            redis.call('HINCRBY', vkey, 'failures', 1)
          end
        end
        redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[3], '*', 'type', 'failure', 'id', ARGV[1], 'arm', ARGV[2], 'reason', ARGV[4])
        return 1
        """;

    /// <summary>
    /// KEYS: decision, rewarded marker, arm hash, events, epoch, context, the arm's linear statistics. ARGV: id, arm,
    /// reward, propensity, stream cap, half-life s, the user-key prefix, the user history's ttl ms, the decisions' ttl ms.
    /// 0 = unknown (no such decision, or another arm), 1 = recorded, 2 = duplicate, 3 = stale (before a reset).
    /// The marker lives a decision's full ttl from the reward, so at least as long as the decision: a duplicate is
    /// recognised for the decision's whole life.
    /// A recorded reward adds to the served version's <c>rewards</c> and <c>updates</c> and its discounted sums
    /// (<c>dn</c>, <c>dr</c> as of <c>dt</c>, unix ms), read in one HMGET and written in one HSET (the script is atomic,
    /// so a read-modify-write is as safe as HINCRBY here, and costs Redis two commands instead of four): the discounted
    /// sums decayed to the Redis server's clock by 2^(−age/half-life), then the reward added with weight 1 — the arithmetic
    /// of <see cref="Bandit.Allocation.DiscountedCounts.Add"/>, on one clock for every replica. When the version is known,
    /// the arm hash also keeps its totals over all versions. Asking for TIME before writing needs effects replication,
    /// the default since Redis 5 (explicit before Redis 7).
    /// A contextual decision (its context key exists) also adds its context x to the arm's linear statistics — A += x xᵀ
    /// (upper triangle), b += r·x, n += 1 — and counts a hit (r &gt; 0) or a miss for the arm in the user's history, in the
    /// same script after the duplicate and epoch checks: exactly once per decision, like the counters. The user's key is
    /// built here from the stored user; it carries the experiment's hash tag, so it is in the script's slot.
    /// </summary>
    public const string Reward = ParseDecision + "\n" + """
        if redis.replicate_commands then redis.replicate_commands() end
        local d = redis.call('GET', KEYS[1])
        if not d then return 0 end
        local epoch, version = parse(d, ARGV[2])
        if not epoch then return 0 end
        if not redis.call('SET', KEYS[2], ARGV[3], 'NX', 'PX', ARGV[9]) then return 2 end
        if epoch ~= (redis.call('GET', KEYS[5]) or '0') then return 3 end
        local r = tonumber(ARGV[3])
        local vkey = versionkey(KEYS[3], version)
        if vkey ~= KEYS[3] then
          redis.call('HINCRBYFLOAT', KEYS[3], 'rewards', ARGV[3])
          redis.call('HINCRBY', KEYS[3], 'updates', 1)
        end
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local v = redis.call('HMGET', vkey, 'rewards', 'updates', 'dn', 'dr', 'dt')
        local dn, dr, dt = tonumber(v[3]) or 0, tonumber(v[4]) or 0, tonumber(v[5]) or now
        local f = 1
        if now > dt then f = 2 ^ (-(now - dt) / (1000 * tonumber(ARGV[6]))) else now = dt end
        redis.call('HSET', vkey, 'rewards', string.format('%.17g', (tonumber(v[1]) or 0) + r), 'updates', string.format('%d', (tonumber(v[2]) or 0) + 1),
          'dn', string.format('%.17g', dn * f + 1), 'dr', string.format('%.17g', dr * f + r), 'dt', string.format('%.0f', now))
        local ctx = redis.call('GET', KEYS[6])
        if ctx then
          local bar = string.find(ctx, '|', 1, true)
          local x = {}
          for v in string.gmatch(string.sub(ctx, 1, bar - 1), '[^,]+') do x[#x + 1] = tonumber(v) end
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
    /// KEYS: epoch, then per arm its hash and its live version's hash (the arm hash when the version is unknown).
    /// Returns {epoch, now ms, then per arm: the arm's pulls over all versions and promised count, then the live
    /// version's pulls, updates, rewards, failures, discounted updates, discounted rewards, their time (ms)} as strings
    /// ('0' when absent; the time '' when never written).
    /// </summary>
    public const string Counters = """
        local time = redis.call('TIME')
        local out = { redis.call('GET', KEYS[1]) or '0', string.format('%.0f', tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)) }
        for i = 2, #KEYS, 2 do
          local a = redis.call('HMGET', KEYS[i], 'pulls', 'promised')
          out[#out + 1] = a[1] or '0'
          out[#out + 1] = a[2] or '0'
          local v = redis.call('HMGET', KEYS[i + 1], 'pulls', 'updates', 'rewards', 'failures', 'dn', 'dr', 'dt')
          for j = 1, 6 do out[#out + 1] = v[j] or '0' end
          out[#out + 1] = v[7] or ''
        end
        return out
        """;

    /// <summary>
    /// KEYS: epoch, events, then per arm its hash, its versions index and its linear statistics. ARGV: stream cap. Deletes
    /// every version's hash (named from the arm hash as in the reward script, same slot) and returns the new epoch.
    /// </summary>
    public const string Reset = """
        local epoch = redis.call('INCR', KEYS[1])
        for i = 3, #KEYS, 3 do
          for _, version in ipairs(redis.call('ZRANGE', KEYS[i + 1], 0, -1)) do redis.call('DEL', KEYS[i] .. ':v:' .. version) end
          redis.call('DEL', KEYS[i], KEYS[i + 1], KEYS[i + 2])
        end
        redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], '*', 'type', 'reset', 'epoch', epoch)
        return epoch
        """;
}
