using System.Diagnostics;
using Bandit.MovieLens;
using Bandit.MovieLens.Features;
using Bandit.Replay.Simulation;
using Bandit.Trainer.Modeling;
using Bandit.Trainer.Pipeline;

namespace Bandit.Replay.MovieLensReplay;

/// <summary>The replay's ground truth: arrivals, the per-arm reward table and where it came from.</summary>
public sealed record ReplayData(string DataSet, int Seed, int K, IReadOnlyList<Arrival> Arrivals, int TotalArrivals, IReadOnlyList<string> ArmNames,
    double[][] Rewards, TimeSpan TrainTime, TimeSpan ScoreTime)
{
    /// <summary>Each arm's click-through rate over the arrivals (the value of "always this arm").</summary>
    public double[] Ctr => [.. Enumerable.Range(0, ArmNames.Count).Select(a => Rewards.Average(r => r[a]))];

    public TableEnvironment ToEnvironment() =>
        new($"replay {DataSet}", Rewards, [.. Arrivals.Select(a => "user-" + a.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
}

/// <summary>
/// Builds the replay the way the Trainer trains: the user-time split (each user's newest 20% held out), the
/// Trainer's out-of-fold features and its two policies fitted with its own code and seed on the training part.
/// </summary>
public static class MovieLensReplayBuilder
{
    public static ReplayData Build(MovieLensDataset data, int seed, int k, int? maxArrivals, Action<string>? progress = null)
    {
        var started = Stopwatch.GetTimestamp();
        var prepared = OfflineExperiment.Prepare(data, SplitKind.UserTime, seed);
        progress?.Invoke($"features: {prepared.Data.Train.Count:N0} training rows; fitting Policy A and Policy B (seed {seed})");
        // The replay's arms are Policy A and B; Policies.All now also holds Policy C, which joins when the replay takes K arms.
        IPolicyModel[] policies = [.. Policies.All(seed).Where(p => p.Policy is Policies.PolicyA or Policies.PolicyB)];
        var fitted = OfflineExperiment.Fit([prepared], policies, seed, progress)[0];
        var trainTime = Stopwatch.GetElapsedTime(started);

        var all = Arrivals.FromHeldOut(prepared.Split.Test);
        var arrivals = maxArrivals is { } cap && cap < all.Count ? all.Take(cap).ToArray() : all;
        progress?.Invoke($"{all.Count:N0} arrivals (user-day sessions) in the held-out window; replaying {arrivals.Count:N0}");
        started = Stopwatch.GetTimestamp();
        var rankers = fitted.Select(f => (IUserRanker)new ModelRanker(f, prepared.Data.State)).ToArray();
        var rewards = ReplayRewards.Compute(arrivals, prepared.Split.Test, rankers, k, progress);
        return new ReplayData(data.Name, seed, k, arrivals, all.Count, [.. rankers.Select(r => r.Arm)], rewards, trainTime, Stopwatch.GetElapsedTime(started));
    }
}
