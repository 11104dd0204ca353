using Bandit.MovieLens;
using Bandit.MovieLens.Features;

namespace Bandit.Replay.MovieLensReplay;

/// <summary>
/// The user context at each arrival (<see cref="UserContext"/>): the training-window profile, which the Router could
/// read from the model's feature state, and the days since the user's previous rating strictly before the arrival
/// (training or earlier held-out ratings: what a service that saw the user's visits would know).
/// </summary>
public static class ArrivalContexts
{
    public static IReadOnlyList<double[]> Compute(IReadOnlyList<Arrival> arrivals, DataSplit split, FeatureState state)
    {
        var context = UserContext.From(state);
        var times = split.Train.Concat(split.Test).GroupBy(r => r.UserId)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Timestamp).Order().ToArray());
        var result = new double[arrivals.Count][];
        for (var t = 0; t < arrivals.Count; t++)
        {
            var arrival = arrivals[t];
            result[t] = context.For(state.ProfileOf(arrival.UserId), DaysSincePrevious(times.GetValueOrDefault(arrival.UserId, []), arrival.Timestamp));
        }

        return result;
    }

    /// <summary>Days between the last timestamp before <paramref name="at"/> and <paramref name="at"/>; null when there is none.</summary>
    public static double? DaysSincePrevious(long[] sortedTimes, long at)
    {
        var index = Array.BinarySearch(sortedTimes, at);
        var before = (index >= 0 ? FirstIndexOf(sortedTimes, index) : ~index) - 1;
        return before < 0 ? null : (at - sortedTimes[before]) / (double)Arrivals.SecondsPerDay;
    }

    private static int FirstIndexOf(long[] sorted, int index)
    {
        while (index > 0 && sorted[index - 1] == sorted[index])
        {
            index--;
        }

        return index;
    }
}
