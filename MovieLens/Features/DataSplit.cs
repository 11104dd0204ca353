namespace Bandit.MovieLens.Features;

/// <summary>How ratings are split into a training window and a test window (both respect time).</summary>
public enum SplitKind
{
    /// <summary><c>user-time</c>: each user's newest ratings are held out (every test user has a history).</summary>
    UserTime,

    /// <summary><c>global-time</c>: one cut in time; the newest ratings of all users are held out (the cold-start view).</summary>
    GlobalTime,
}

/// <summary>A train/test split. Both lists are in chronological order (timestamp, then user id, then movie id).</summary>
public sealed record DataSplit(IReadOnlyList<Rating> Train, IReadOnlyList<Rating> Test, SplitKind Kind)
{
    /// <summary>The share of test rows whose user has no rating in <see cref="Train"/>.</summary>
    public double TestColdStartUserShare()
    {
        if (Test.Count == 0)
        {
            return 0;
        }

        var trainUsers = Train.Select(r => r.UserId).ToHashSet();
        return (double)Test.Count(r => !trainUsers.Contains(r.UserId)) / Test.Count;
    }

    /// <summary>The share of test rows whose movie has no rating in <see cref="Train"/>.</summary>
    public double TestColdStartItemShare()
    {
        if (Test.Count == 0)
        {
            return 0;
        }

        var trainItems = Train.Select(r => r.MovieId).ToHashSet();
        return (double)Test.Count(r => !trainItems.Contains(r.MovieId)) / Test.Count;
    }
}
