using Bandit.MovieLens;

namespace Bandit.Trainer.Tests;

/// <summary>The shipped ml-latest-small (found by walking up from the test binaries), loaded once.</summary>
internal static class TestData
{
    private static readonly Lazy<MovieLensDataset> _latestSmall = new(() => MovieLensLoader.Load(MovieLensDataSets.LocateShipped(), MovieLensDataSets.LatestSmall));

    public static MovieLensDataset LatestSmall => _latestSmall.Value;

    /// <summary>The ratings of users 1 … <paramref name="maxUserId"/> with the full catalogue: small enough for fast tests.</summary>
    public static MovieLensDataset Subset(int maxUserId, Func<Rating, Rating>? change = null)
    {
        var full = LatestSmall;
        var ratings = full.Ratings.Where(r => r.UserId <= maxUserId).Select(r => change?.Invoke(r) ?? r).ToList();
        return new MovieLensDataset("subset", full.Format, ratings, full.Movies, []);
    }
}
