using Bandit.MovieLens.Features;

namespace Bandit.Variants.Serving.Ranking;

/// <summary>
/// A tree ensemble ranked once per model load instead of once per request. A model version's <see cref="FeatureState"/>
/// is fixed and names its users, and every id it does not know gets the same cold-start features; so at load
/// <see cref="ExactTreeRanker"/> ranks the best <see cref="ListLength"/> unrated movies for each known user and once for
/// the cold start, and a request walks its user's list, leaving out <c>exclude</c>. The answer is the per-request
/// ranking's (the same exact probabilities and order): a movie outside the list ranks below all of it. A request that
/// excludes so much of the list that fewer than k are left is ranked per request. Built only while known users ×
/// catalogue stay within <see cref="MaxPairs"/> (ml-latest-small: 611 × 9,742), so memory and load time stay bounded.
/// </summary>
public sealed class UserListRanker : IRanker
{
    public const string EngineName = "exact-trees-user-lists";

    /// <summary>Movies kept per user: k ≤ 100 with a few hundred exclusions never needs the fallback.</summary>
    public const int ListLength = 256;

    /// <summary>Largest (known users + 1) × catalogue ranked at load (about 6 s of one core per 10 million pairs).</summary>
    public const long MaxPairs = 10_000_000;

    private readonly ExactTreeRanker _ranker;
    private readonly Dictionary<int, ScoredMovie[]> _lists;
    private readonly ScoredMovie[] _coldStart;
    private readonly int _listLength;

    private UserListRanker(ExactTreeRanker ranker, Dictionary<int, ScoredMovie[]> lists, ScoredMovie[] coldStart, int listLength) =>
        (_ranker, _lists, _coldStart, _listLength) = (ranker, lists, coldStart, listLength);

    public string Engine => EngineName;

    public FeatureState State => _ranker.State;

    /// <summary>The lists for <paramref name="ranker"/>'s users, or null when there are more pairs than <paramref name="maxPairs"/>.</summary>
    public static UserListRanker? TryBuild(ExactTreeRanker ranker, int listLength = ListLength, long maxPairs = MaxPairs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(listLength);
        var users = ranker.State.KnownUserIds;
        if ((users.Count + 1L) * ranker.State.CatalogueIds.Count > maxPairs)
        {
            return null;
        }

        // One core is left over: these are long CPU-bound loops on thread-pool threads, and requests (to the version
        // still serving, during a swap) need threads too. On 2 cores the loop runs on the loading thread alone.
        var lists = new ScoredMovie[users.Count][];
        Parallel.For(0, users.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount - 1) },
            i => lists[i] = [.. ranker.Rank(users[i], listLength, exclude: null)]);
        var coldUser = int.MinValue;
        while (ranker.State.IsKnownUser(coldUser))
        {
            coldUser++;
        }

        var byUser = users.Select((user, i) => (user, i)).ToDictionary(p => p.user, p => lists[p.i]);
        return new UserListRanker(ranker, byUser, [.. ranker.Rank(coldUser, listLength, exclude: null)], listLength);
    }

    public IReadOnlyList<ScoredMovie> TopK(int userId, int k, IReadOnlySet<int>? exclude)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var list = _lists.TryGetValue(userId, out var known) ? known : _coldStart;
        var top = new List<ScoredMovie>(Math.Min(k, list.Length));
        foreach (var movie in list)
        {
            if (exclude?.Contains(movie.MovieId) != true)
            {
                top.Add(movie);
                if (top.Count == k)
                {
                    return top;
                }
            }
        }

        // A list shorter than asked for holds every candidate, so what is left of it is the answer.
        return list.Length < _listLength ? top : _ranker.TopK(userId, k, exclude);
    }

    /// <summary>ML.NET's probabilities for (user, movie) pairs (for the check against ML.NET at load).</summary>
    public float[] Score(int userId, IReadOnlyList<int> movieIds) => _ranker.Score(userId, movieIds);
}
