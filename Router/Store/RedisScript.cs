using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Bandit.Router.Store;

/// <summary>
/// A Lua script called by its SHA1 (<c>EVALSHA</c>), hashed once here. Passing the text to
/// <c>ScriptEvaluateAsync(string, …)</c> instead makes StackExchange.Redis look the text up in its script cache on every
/// call, hashing the whole text inside the connection's write lock: about 4% of the Router's CPU per <c>/update</c>
/// (perf, issue 21). The text travels only when the server answers <c>NOSCRIPT</c> (its script cache is empty after a
/// restart, a failover or <c>SCRIPT FLUSH</c>, or on a cluster node that has not run it yet); the <c>EVAL</c> that follows
/// caches it there again.
/// </summary>
internal sealed class RedisScript(string text)
{
    public string Text { get; } = text;

    /// <summary>The script's SHA1, as <c>SCRIPT LOAD</c> would return it.</summary>
    public byte[] Hash { get; } = SHA1.HashData(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Runs the script on <paramref name="db"/>, or queued on <paramref name="batch"/> when one is given. The rare
    /// <c>NOSCRIPT</c> retry goes through <paramref name="db"/>: by then the batch has been sent.
    /// </summary>
    public async Task<RedisResult> EvaluateAsync(IDatabase db, RedisKey[] keys, RedisValue[] values, IBatch? batch = null)
    {
        try
        {
            return await (batch ?? (IDatabaseAsync)db).ScriptEvaluateAsync(Hash, keys, values).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await db.ScriptEvaluateAsync(Text, keys, values).ConfigureAwait(false);
        }
    }
}
