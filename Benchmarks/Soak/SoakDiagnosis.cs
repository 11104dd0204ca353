using System.Buffers.Text;
using System.Text;
using StackExchange.Redis;

namespace Bandit.Benchmarks.Soak;

/// <summary>
/// When the counts do not match: which decisions the Router's Redis lacks. For every decision the clients received it
/// looks up the decision key, and for every accepted reward the "rewarded" marker (<c>bandit:{experiment}:d:id</c>,
/// <c>…:r:id</c>, see Router/Store/RedisKeys.cs), and prints the first few missing with the answers the client got.
/// </summary>
internal static class SoakDiagnosis
{
    public static async Task<string> ExplainAsync(string redisConnection, IReadOnlyCollection<SoakDecision> decisions)
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(redisConnection + ",abortConnect=false,connectTimeout=5000");
        var db = redis.GetDatabase();
        var checks = decisions.Select(d => (Decision: d, Key: Keys(d.Token))).Where(c => c.Key is not null).Select(c => (c.Decision,
            HasDecision: db.KeyExistsAsync(c.Key!.Value.Decision), HasReward: db.KeyExistsAsync(c.Key.Value.Rewarded))).ToList();
        await Task.WhenAll(checks.SelectMany(c => new[] { c.HasDecision, c.HasReward }));

        var noDecision = checks.Where(c => !c.HasDecision.Result).ToList();
        var noReward = checks.Where(c => c.Decision.Accepted && !c.HasReward.Result).ToList();
        var extraReward = checks.Where(c => !c.Decision.Accepted && !c.Decision.Unsure && c.HasReward.Result).ToList();
        var text = new StringBuilder();
        text.AppendLine($"diagnosis from Redis: {noDecision.Count} received decisions without a decision key, {noReward.Count} accepted rewards without a 'rewarded' marker, {extraReward.Count} markers for rewards never accepted");
        foreach (var (d, _, _) in noDecision.Concat(noReward).Concat(extraReward).Take(10))
        {
            text.AppendLine($"  {Keys(d.Token)?.Id} arm {d.Arm} reward {d.Reward}: answers [{d.History}]");
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>The Redis keys of a decision id (payload: version, 16-byte id, issued-at, propensity, experiment, arm).</summary>
    private static (string Id, RedisKey Decision, RedisKey Rewarded)? Keys(string token)
    {
        try
        {
            var payload = Base64Url.DecodeFromChars(token.AsSpan(0, token.IndexOf('.')));
            var id = Convert.ToHexStringLower(payload.AsSpan(1, 16));
            var experiment = Encoding.UTF8.GetString(payload, 34, payload[33]);
            return (id, $"bandit:{{{experiment}}}:d:{id}", $"bandit:{{{experiment}}}:r:{id}");
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return null;
        }
    }
}
