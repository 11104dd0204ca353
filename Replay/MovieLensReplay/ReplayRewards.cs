using Bandit.MovieLens;

namespace Bandit.Replay.MovieLensReplay;

/// <summary>An arm's model as the replay sees it: the user's ranking of unseen movies, best first.</summary>
public interface IUserRanker
{
    /// <summary>The arm's name, e.g. <c>PolicyA</c>.</summary>
    string Arm { get; }

    /// <summary>The <paramref name="depth"/> best movies for the user, leaving out what the user rated in training.</summary>
    IReadOnlyList<int> Rank(int userId, int depth);
}

/// <summary>
/// The full-information reward table of the replay. At an arrival (user u, time t) arm a recommends the first
/// <c>k</c> movies of its ranking for u that u had not rated before t (training ratings are left out by the ranker,
/// earlier held-out ratings here); the reward is 1 when u rated one of them ≥ 4 (a click,
/// <see cref="Labels.IsClick(float)"/>) in the held-out window (necessarily at or after t), else 0.
/// Each (user, arm) ranking is computed once, deep enough (k + the user's held-out count) to survive every exclusion.
/// </summary>
public static class ReplayRewards
{
    public static double[][] Compute(IReadOnlyList<Arrival> arrivals, IReadOnlyList<Rating> heldOut, IReadOnlyList<IUserRanker> arms, int k,
        Action<string>? progress = null, int maxDegreeOfParallelism = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var byUser = heldOut.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.ToArray());
        var users = arrivals.Select(a => a.UserId).Distinct().Order().ToArray();
        var rankings = new Dictionary<(int User, int Arm), IReadOnlyList<int>>();
        var work = users.SelectMany(u => Enumerable.Range(0, arms.Count).Select(a => (User: u, Arm: a))).ToArray();
        var results = new IReadOnlyList<int>[work.Length];
        var done = 0;
        Parallel.For(0, work.Length, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount }, i =>
        {
            var (user, arm) = work[i];
            results[i] = arms[arm].Rank(user, k + (byUser.TryGetValue(user, out var rs) ? rs.Length : 0));
            var n = Interlocked.Increment(ref done);
            if (n % 100 == 0 || n == work.Length)
            {
                progress?.Invoke($"ranked {n}/{work.Length} (user, arm) pairs");
            }
        });
        for (var i = 0; i < work.Length; i++)
        {
            rankings[work[i]] = results[i];
        }

        var table = new double[arrivals.Count][];
        for (var t = 0; t < arrivals.Count; t++)
        {
            var arrival = arrivals[t];
            var ratings = byUser.GetValueOrDefault(arrival.UserId, []);
            table[t] = new double[arms.Count];
            for (var a = 0; a < arms.Count; a++)
            {
                table[t][a] = Reward(arrival, ratings, rankings[(arrival.UserId, a)], k);
            }
        }

        return table;
    }

    /// <summary>The reward of one arm at one arrival, given the user's held-out ratings and the arm's ranking.</summary>
    public static double Reward(Arrival arrival, IReadOnlyList<Rating> userHeldOut, IReadOnlyList<int> ranking, int k)
    {
        var ratedBefore = new HashSet<int>();
        var clickedLater = new HashSet<int>();
        foreach (var r in userHeldOut)
        {
            if (r.Timestamp < arrival.Timestamp)
            {
                ratedBefore.Add(r.MovieId);
            }
            else if (r.IsClick())
            {
                clickedLater.Add(r.MovieId);
            }
        }

        var shown = 0;
        foreach (var movie in ranking)
        {
            if (shown == k)
            {
                break;
            }

            if (ratedBefore.Contains(movie))
            {
                continue;
            }

            shown++;
            if (clickedLater.Contains(movie))
            {
                return 1.0;
            }
        }

        return 0.0;
    }
}
