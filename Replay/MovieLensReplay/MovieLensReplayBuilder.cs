using Bandit.Training;
using System.Diagnostics;
using System.Globalization;
using Bandit.MovieLens;
using Bandit.MovieLens.Features;
using Bandit.Replay.Simulation;


namespace Bandit.Replay.MovieLensReplay;

/// <summary>
/// The replay's ground truth: arrivals, the per-arm reward table, each arrival's user context (<see cref="UserContext"/>)
/// and where they came from.
/// </summary>
public sealed record ReplayData(string DataSet, int Seed, int K, IReadOnlyList<Arrival> Arrivals, int TotalArrivals, IReadOnlyList<string> ArmNames,
    double[][] Rewards, TimeSpan TrainTime, TimeSpan ScoreTime, IReadOnlyList<double[]>? Contexts = null)
{
    /// <summary>Each arm's click-through rate over the arrivals (the value of "always this arm").</summary>
    public double[] Ctr => [.. Enumerable.Range(0, ArmNames.Count).Select(a => Rewards.Average(r => r[a]))];

    /// <summary>The replay over the first <paramref name="arms"/> arms (all when null), with the contexts when there are any.</summary>
    public TableEnvironment ToEnvironment(int? arms = null)
    {
        var count = arms ?? ArmNames.Count;
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, ArmNames.Count);
        return new($"replay {DataSet}, {count} arms", [.. ArmNames.Take(count)], [.. Rewards.Select(r => r[..count])],
            [.. Arrivals.Select(a => "user-" + a.UserId.ToString(CultureInfo.InvariantCulture))], Contexts);
    }

    /// <summary>The same replay restricted to the first <paramref name="arms"/> arms.</summary>
    public ReplayData Take(int arms) => this with { ArmNames = [.. ArmNames.Take(arms)], Rewards = [.. Rewards.Select(r => r[..arms])] };
}

/// <summary>
/// Builds the replay the way the Trainer trains: the user-time split (each user's newest 20% held out), the
/// Trainer's out-of-fold features and the arms' models (<see cref="ReplayPolicies"/>) fitted with the Trainer's
/// code and seed on the training part.
/// </summary>
public static class MovieLensReplayBuilder
{
    public static ReplayData Build(MovieLensDataset data, int seed, int k, int? maxArrivals, Action<string>? progress = null, int arms = 2)
    {
        var started = Stopwatch.GetTimestamp();
        var prepared = PolicyTraining.Prepare(data, SplitKind.UserTime, seed);
        var policies = ReplayPolicies.For(seed, arms);
        progress?.Invoke($"features: {prepared.Data.Train.Count:N0} training rows; fitting {string.Join(", ", policies.Select(p => $"{p.Policy} ({p.Trainer})"))} (seed {seed})");
        var fitted = PolicyTraining.Fit([prepared], policies, seed, progress)[0];
        var trainTime = Stopwatch.GetElapsedTime(started);

        var all = Arrivals.FromHeldOut(prepared.Split.Test);
        var arrivals = maxArrivals is { } cap && cap < all.Count ? all.Take(cap).ToArray() : all;
        progress?.Invoke($"{all.Count:N0} arrivals (user-day sessions) in the held-out window; replaying {arrivals.Count:N0}");
        started = Stopwatch.GetTimestamp();
        var rankers = fitted.Select(f => (IUserRanker)new ModelRanker(f, prepared.Data.State)).ToArray();
        var rewards = ReplayRewards.Compute(arrivals, prepared.Split.Test, rankers, k, progress);
        var contexts = ArrivalContexts.Compute(arrivals, prepared.Split, prepared.Data.State);
        return new ReplayData(data.Name, seed, k, arrivals, all.Count, [.. rankers.Select(r => r.Arm)], rewards, trainTime, Stopwatch.GetElapsedTime(started), contexts);
    }
}
