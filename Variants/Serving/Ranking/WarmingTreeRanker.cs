using Bandit.MovieLens.Features;

namespace Bandit.Variants.Serving.Ranking;

/// <summary>
/// A tree ensemble servable the moment it is checked: requests are ranked per request by <see cref="ExactTreeRanker"/>
/// while <see cref="UserListRanker"/> ranks every known user in the background, and by the lists once they are built.
/// Both give the same answers (the lists are the per-request ranking, computed ahead), so the switch changes speed only.
/// Building the lists takes about 10 s of one core on ml-latest-small and far longer on two busy cores; waiting for them
/// before serving held a promoted LightGBM version back past the 10 s a promotion is allowed (found by the system test).
/// </summary>
public sealed class WarmingTreeRanker : IRanker
{
    private readonly ExactTreeRanker _exact;
    private UserListRanker? _lists;

    public WarmingTreeRanker(ExactTreeRanker exact, Func<ExactTreeRanker, UserListRanker?>? build = null)
    {
        _exact = exact;
        build ??= e => UserListRanker.TryBuild(e);
        // A long CPU-bound loop: its own thread, not one of the pool's that requests need.
        ListsReady = Task.Factory.StartNew(() =>
        {
            try
            {
                var lists = build(exact);
                Volatile.Write(ref _lists, lists);
                return lists is not null;
            }
            catch (OutOfMemoryException)
            {
                return false; // served per request, as over the size budget
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Completes when the lists are built (true) or will not be (false: over <see cref="UserListRanker.MaxPairs"/>).</summary>
    public Task<bool> ListsReady { get; }

    /// <summary>The engine serving now: <see cref="ExactTreeRanker.EngineName"/>, then <see cref="UserListRanker.EngineName"/>.</summary>
    public string Engine => Current.Engine;

    public FeatureState State => _exact.State;

    private IRanker Current => (IRanker?)Volatile.Read(ref _lists) ?? _exact;

    /// <summary>Blocks until the lists are built or <paramref name="timeout"/> passes; true when they serve.</summary>
    public bool WaitForLists(TimeSpan timeout) => ListsReady.Wait(timeout) && ListsReady.Result;

    public IReadOnlyList<ScoredMovie> TopK(int userId, int k, IReadOnlySet<int>? exclude) => Current.TopK(userId, k, exclude);

    /// <summary>ML.NET's probabilities for (user, movie) pairs (for the check against ML.NET at load).</summary>
    public float[] Score(int userId, IReadOnlyList<int> movieIds) => _exact.Score(userId, movieIds);
}
