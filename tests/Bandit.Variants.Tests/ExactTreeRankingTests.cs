using System.Collections.Concurrent;
using System.Diagnostics;
using Bandit.MovieLens.Features;
using Bandit.Variants.Serving;
using Bandit.Variants.Serving.Ranking;
using Bandit.Variants.Tests.Support;
using Microsoft.ML;
using Xunit.Abstractions;

namespace Bandit.Variants.Tests;

/// <summary>
/// Policy B's ranking against ML.NET's full scoring (every candidate through the saved pipeline, as
/// <see cref="CandidateScorer"/> does) on a LightGBM trained on all of ml-latest-small: the same movies, in the same
/// order, with the same probabilities to the bit, for every user — as the service loads it (ranked per user at load)
/// and ranked per request. It keeps both cores busy for a while, so it runs alone (<see cref="Alone"/>): next to
/// the tests that wait seconds for a model to load, it would starve them.
/// </summary>
[Collection(Alone.Name)]
public sealed class ExactTreeRankingTests(ITestOutputHelper output)
{
    private static readonly Lazy<(IRanker Served, ExactTreeRanker PerRequest, CandidateScorer MlNet)> _loaded = new(Load);
    private static readonly ParallelOptions Cores = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    [Fact]
    public void TopK_EveryUserOfMlLatestSmall_EqualsMlNetFullScoring()
    {
        // Arrange
        var (served, perRequest, mlnet) = _loaded.Value;
        int[] users = [.. served.State.KnownUserIds, 1_000_000]; // and one cold start
        Assert.Equal(610, served.State.KnownUserIds.Count);
        Assert.Equal(UserListRanker.EngineName, served.Engine);

        // Act: k = 10, as the benchmark asks (ML.NET is the slow side: both cores).
        var clock = Stopwatch.StartNew();
        var failures = new ConcurrentBag<string>();
        var tiedUsers = 0;
        Parallel.ForEach(users, Cores, user =>
        {
            var expected = mlnet.TopK(user, 10);
            Compare(failures, $"user {user}, k 10", expected, served.TopK(user, 10, null), perRequest.TopK(user, 10, null));
            if (expected.Zip(expected.Skip(1)).Any(p => p.First.Probability == p.Second.Probability))
            {
                Interlocked.Increment(ref tiedUsers);
            }
        });

        // Assert
        output.WriteLine($"{users.Length} users in {clock.Elapsed.TotalSeconds:F1} s; {tiedUsers} top-10s hold equal probabilities (ordered by id)");
        Assert.Empty(failures);
    }

    [Fact]
    public void TopK_ExclusionsWithinAndBeyondTheUserLists_EqualsMlNetFullScoring()
    {
        // Arrange: every 30th user, a cold start; ML.NET's own top 300 (more than a list holds) to exclude.
        var (served, perRequest, mlnet) = _loaded.Value;
        int[] users = [.. served.State.KnownUserIds.Where((_, i) => i % 30 == 0), 1_000_000];
        var failures = new ConcurrentBag<string>();

        Parallel.ForEach(users, Cores, user =>
        {
            var best = mlnet.TopK(user, 300).Select(m => m.MovieId).ToList();
            var some = best.Where((_, i) => i % 3 == 0).ToHashSet();            // inside the list: walk past them
            var beyond = best.ToHashSet();                                     // the whole list: ranked per request
            foreach (var (k, exclude) in new[] { (100, some), (100, beyond), (5, beyond) })
            {
                // Act
                var expected = mlnet.TopK(user, k, exclude);

                // Assert (below): the same answer from the lists and per request.
                Compare(failures, $"user {user}, k {k}, {exclude.Count} excluded", expected, served.TopK(user, k, exclude), perRequest.TopK(user, k, exclude));
            }
        });

        Assert.Empty(failures);
    }

    private static void Compare(ConcurrentBag<string> failures, string what, IReadOnlyList<ScoredMovie> expected, params IReadOnlyList<ScoredMovie>[] actual)
    {
        var want = Describe(expected);
        foreach (var ranking in actual)
        {
            if (Describe(ranking) != want)
            {
                failures.Add($"{what}: ML.NET {want}\n  got {Describe(ranking)}");
            }
        }
    }

    /// <summary>Ids and probabilities' bits: equal strings mean the same ranking to the bit.</summary>
    private static string Describe(IReadOnlyList<ScoredMovie> top) =>
        string.Join(",", top.Select(m => $"{m.MovieId}:{BitConverter.SingleToInt32Bits(m.Probability):x8}"));

    /// <summary>The version as the service loads it, the per-request ranker on the same trees, and ML.NET's scorer.</summary>
    private static (IRanker Served, ExactTreeRanker PerRequest, CandidateScorer MlNet) Load()
    {
        var package = TestModels.LightGbmEveryUser;
        var folder = ModelPublisher.Stage(package, "run-1");
        IRanker served;
        try
        {
            served = ModelLoader.LoadFolder(folder).Ranker;
            // Served per request at once; the lists under test arrive in the background.
            Assert.True(Assert.IsType<WarmingTreeRanker>(served).WaitForLists(TimeSpan.FromMinutes(10)), "the user lists were not built");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        var ml = new MLContext(seed: 0);
        var model = ml.Model.Load(Path.Combine(package.Folder, "model.zip"), out _);
        var compiled = CtrModelCompiler.TryCompile(model, served.State, out var reason);
        Assert.True(compiled.Count == 2, reason);
        var perRequest = new ExactTreeRanker((ResolvedTreeCtrModel)compiled[0], (TreeEnsembleCtrModel)compiled[1], served.State);
        return (served, perRequest, new CandidateScorer(ml, model, served.State));
    }
}

/// <summary>Test classes that must not run beside others (they use every core for tens of seconds).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Alone
{
    public const string Name = "alone";
}
