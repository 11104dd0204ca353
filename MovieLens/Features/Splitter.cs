namespace Bandit.MovieLens.Features;

/// <summary>
/// Time-respecting splits. Ties in time are broken by user id, then movie id, so a split is a pure function of
/// its input. The number of held-out ratings is rounded UP: <c>ceil(n · testFraction)</c> (for user-time capped at
/// <c>n - 1</c>, so every user keeps at least one training rating; a user with a single rating keeps it in train).
/// </summary>
public static class Splitter
{
    public const double DefaultTestFraction = 0.2;

    /// <summary>The CLI names: <c>user-time</c>, <c>global-time</c>.</summary>
    public static string CliName(this SplitKind kind) => kind switch
    {
        SplitKind.UserTime => "user-time",
        SplitKind.GlobalTime => "global-time",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Parses <c>user-time</c> or <c>global-time</c> (case-insensitive).</summary>
    public static SplitKind ParseKind(string text) => text.Trim().ToLowerInvariant() switch
    {
        "user-time" => SplitKind.UserTime,
        "global-time" => SplitKind.GlobalTime,
        _ => throw new ArgumentException($"unknown split '{text}': expected user-time or global-time", nameof(text)),
    };

    public static DataSplit Split(IEnumerable<Rating> ratings, SplitKind kind, double testFraction = DefaultTestFraction) => kind switch
    {
        SplitKind.UserTime => UserTime(ratings, testFraction),
        SplitKind.GlobalTime => GlobalTime(ratings, testFraction),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Holds out each user's newest <c>ceil(n · testFraction)</c> ratings (at most n - 1).</summary>
    public static DataSplit UserTime(IEnumerable<Rating> ratings, double testFraction = DefaultTestFraction)
    {
        CheckFraction(testFraction);
        var sorted = Chronological(ratings);
        var perUser = new Dictionary<int, int>();
        foreach (var rating in sorted)
        {
            perUser[rating.UserId] = perUser.GetValueOrDefault(rating.UserId) + 1;
        }

        // Walk the chronological list; a user's first (n - test) ratings go to train, the rest to test.
        var trainQuota = perUser.ToDictionary(p => p.Key, p => p.Value - TestCount(p.Value, testFraction, keepOne: true));
        var train = new List<Rating>(sorted.Length);
        var test = new List<Rating>(sorted.Length / 4);
        foreach (var rating in sorted)
        {
            ref var quota = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(trainQuota, rating.UserId);
            if (quota > 0)
            {
                quota--;
                train.Add(rating);
            }
            else
            {
                test.Add(rating);
            }
        }

        return new DataSplit(train, test, SplitKind.UserTime);
    }

    /// <summary>Trains on the oldest ratings and tests on the newest <c>ceil(n · testFraction)</c>, all users together.</summary>
    public static DataSplit GlobalTime(IEnumerable<Rating> ratings, double testFraction = DefaultTestFraction)
    {
        CheckFraction(testFraction);
        var sorted = Chronological(ratings);
        var cut = sorted.Length - TestCount(sorted.Length, testFraction, keepOne: false);
        return new DataSplit(sorted[..cut], sorted[cut..], SplitKind.GlobalTime);
    }

    private static Rating[] Chronological(IEnumerable<Rating> ratings)
    {
        var sorted = ratings.ToArray();
        Array.Sort(sorted, static (a, b) =>
        {
            var c = a.Timestamp.CompareTo(b.Timestamp);
            if (c != 0)
            {
                return c;
            }

            c = a.UserId.CompareTo(b.UserId);
            return c != 0 ? c : a.MovieId.CompareTo(b.MovieId);
        });
        return sorted;
    }

    private static int TestCount(int n, double fraction, bool keepOne)
    {
        // The epsilon keeps 5 · 0.2 at 1, not 2, when the product lands a hair above an integer.
        var count = (int)Math.Ceiling(n * fraction - 1e-9);
        return keepOne ? Math.Min(count, n - 1) : Math.Min(count, n);
    }

    private static void CheckFraction(double testFraction)
    {
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "the test fraction must lie strictly between 0 and 1");
        }
    }
}
