using System.Globalization;
using Bandit.Allocation;
using StackExchange.Redis;

namespace Bandit.Router.Store;

/// <summary>The contextual strategy's state on Redis (<see cref="ILinearBanditStore"/>); the writes are in the decision and reward scripts.</summary>
public sealed partial class RedisBanditStore : ILinearBanditStore
{
    /// <summary>A user's history with the arms expires this long after their last contextual reward.</summary>
    public static readonly TimeSpan UserHistoryTtl = TimeSpan.FromDays(30);

    private static readonly string UserHistoryTtlMs = ((long)UserHistoryTtl.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    public Task<UserArmHistory> GetUserHistoryAsync(string experiment, string userKey, IReadOnlyList<string> arms, CancellationToken cancellationToken = default) =>
        RedisFailures.Guard(() => GetUserHistoryCoreAsync(experiment, userKey, arms));

    public Task<IReadOnlyList<LinearArmStats>> GetLinearStatsAsync(string experiment, IReadOnlyList<string> arms, int dimension, CancellationToken cancellationToken = default) =>
        RedisFailures.Guard(() => GetLinearStatsCoreAsync(experiment, arms, dimension));

    private async Task<UserArmHistory> GetUserHistoryCoreAsync(string experiment, string userKey, IReadOnlyList<string> arms)
    {
        RedisValue[] fields = [.. arms.SelectMany(a => new RedisValue[] { "m:" + a, "h:" + a })];
        var values = await Db.HashGetAsync(RedisKeys.User(experiment, userKey), fields).ConfigureAwait(false);
        var misses = new long[arms.Count];
        var hits = new long[arms.Count];
        for (var k = 0; k < arms.Count; k++)
        {
            misses[k] = values[2 * k].IsNullOrEmpty ? 0 : (long)values[2 * k];
            hits[k] = values[(2 * k) + 1].IsNullOrEmpty ? 0 : (long)values[(2 * k) + 1];
        }

        return UserArmHistory.ContextFrom(misses, hits);
    }

    private async Task<IReadOnlyList<LinearArmStats>> GetLinearStatsCoreAsync(string experiment, IReadOnlyList<string> arms, int dimension)
    {
        var batch = Db.CreateBatch();
        var reads = arms.Select(a => batch.HashGetAllAsync(RedisKeys.Linear(experiment, a))).ToArray();
        batch.Execute();
        var result = new LinearArmStats[arms.Count];
        for (var a = 0; a < arms.Count; a++)
        {
            result[a] = Parse(await reads[a].ConfigureAwait(false), dimension);
        }

        return result;
    }

    /// <summary>The context as the scripts store it: <c>"x1,x2,…|user"</c>, each number round-trippable.</summary>
    private static string ContextValue(IReadOnlyList<double> x, string userKey) =>
        string.Join(',', x.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "|" + userKey;

    /// <summary>A linear hash (<c>n</c>, <c>b:i</c>, <c>g:i:j</c> with i ≤ j) as statistics, the Gram matrix made symmetric.
    /// Fields beyond <paramref name="dimension"/> (a context of another length) make it unusable: it reads as empty.</summary>
    private static LinearArmStats Parse(HashEntry[] entries, int dimension)
    {
        var gram = new double[dimension * dimension];
        var xr = new double[dimension];
        long count = 0;
        foreach (var entry in entries)
        {
            var name = entry.Name.ToString();
            var parts = name.Split(':');
            var value = double.Parse(entry.Value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);
            if (parts is ["n"])
            {
                count = (long)value;
            }
            else if (parts is ["b", var i] && Index(i, dimension) is int bi)
            {
                xr[bi] = value;
            }
            else if (parts is ["g", var i2, var j2] && Index(i2, dimension) is int gi && Index(j2, dimension) is int gj)
            {
                gram[(gi * dimension) + gj] = value;
                gram[(gj * dimension) + gi] = value;
            }
            else
            {
                return new LinearArmStats(dimension);
            }
        }

        return LinearArmStats.From(gram, xr, count);
    }

    private static int? Index(string text, int dimension) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < dimension ? i : null;
}
