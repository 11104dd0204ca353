using Bandit.MovieLens;

namespace Bandit.Replay.MovieLensReplay;

/// <summary>One arrival: <paramref name="UserId"/> comes back at <paramref name="Timestamp"/> (unix seconds), the first
/// held-out rating of one (user, UTC day) session.</summary>
public readonly record struct Arrival(int UserId, long Timestamp);

/// <summary>
/// Turns a held-out window into arrivals: one per (user, UTC calendar day) with at least one held-out rating,
/// stamped with that day's first rating, in time order (ties by user id). A user who rated 30 movies in one
/// evening is one visit, not 30; a user who came back on three days is three visits.
/// </summary>
public static class Arrivals
{
    public const long SecondsPerDay = 86_400;

    public static IReadOnlyList<Arrival> FromHeldOut(IEnumerable<Rating> heldOut)
    {
        var first = new Dictionary<(int User, long Day), long>();
        foreach (var r in heldOut)
        {
            var key = (r.UserId, Math.DivRem(r.Timestamp, SecondsPerDay).Quotient);
            first[key] = first.TryGetValue(key, out var t) ? Math.Min(t, r.Timestamp) : r.Timestamp;
        }

        return [.. first.Select(p => new Arrival(p.Key.User, p.Value)).OrderBy(a => a.Timestamp).ThenBy(a => a.UserId)];
    }
}
