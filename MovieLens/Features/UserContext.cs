namespace Bandit.MovieLens.Features;

/// <summary>
/// The contextual bandit's view of a user: a short vector from the training-window statistics (activity, positive
/// rate, genre affinities) and the time since the user's previous rating, each standardised over the known users so
/// that one ridge penalty suits every coordinate. A user without training ratings gets the average user (zeros) with
/// the <c>new_user</c> flag set. Immutable and thread-safe.
/// </summary>
public sealed class UserContext
{
    /// <summary>The genres whose affinity (the user's smoothed rate on the genre minus their overall rate) is a feature:
    /// the most-rated genres of MovieLens, which most users have enough ratings in to tell apart.</summary>
    public static IReadOnlyList<string> Genres { get; } = ["Drama", "Comedy", "Action", "Thriller", "Romance"];

    private readonly int[] _genreIndex;
    private readonly double[] _mean;
    private readonly double[] _scale;

    private UserContext(double[] mean, double[] scale)
    {
        _genreIndex = [.. Genres.Select(MovieLensGenres.IndexOf)];
        _mean = mean;
        _scale = scale;
    }

    /// <summary>Coordinate names, in vector order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["bias", "log_activity", "positive_rate", "log_days_since_last_rating", .. Genres.Select(g => "affinity_" + g.ToLowerInvariant()), "new_user"];

    public int Dimension => Names.Count;

    /// <summary>Standardisation constants from the users of <paramref name="state"/>.</summary>
    public static UserContext From(FeatureState state)
    {
        var probe = new UserContext(new double[Names.Count], [.. Enumerable.Repeat(1.0, Names.Count)]);
        var raw = state.Profiles().Select(p => probe.Raw(p.Profile, daysSinceLastRating: null)).ToArray();
        var mean = new double[Names.Count];
        var scale = Enumerable.Repeat(1.0, Names.Count).ToArray();
        for (var k = 1; k < Names.Count - 1; k++)
        {
            if (raw.Length > 1)
            {
                mean[k] = raw.Average(r => r[k]);
                var sd = Math.Sqrt(raw.Sum(r => (r[k] - mean[k]) * (r[k] - mean[k])) / (raw.Length - 1));
                scale[k] = sd > 1e-9 ? sd : 1.0;
            }
        }

        // Recency is not in the state: a fixed scale, log(1 + days) / 3 (a day ≈ 0.23, a month ≈ 1.1, a year ≈ 2).
        (mean[3], scale[3]) = (0, 3);
        return new UserContext(mean, scale);
    }

    /// <summary>The context of a user with <paramref name="profile"/> (null = new user) whose previous rating was
    /// <paramref name="daysSinceLastRating"/> days ago (null = never).</summary>
    public double[] For(UserProfile? profile, double? daysSinceLastRating)
    {
        var x = Raw(profile, daysSinceLastRating);
        for (var k = 1; k < x.Length - 1; k++)
        {
            x[k] = profile is null && k != 3 ? 0 : (x[k] - _mean[k]) / _scale[k];
        }

        return x;
    }

    private double[] Raw(UserProfile? profile, double? daysSinceLastRating)
    {
        var x = new double[Names.Count];
        x[0] = 1;
        x[3] = Math.Log(1 + Math.Max(0, daysSinceLastRating ?? 3650));
        x[^1] = profile is null ? 1 : 0;
        if (profile is not null)
        {
            x[1] = profile.LogActivity;
            x[2] = profile.PositiveRate;
            for (var g = 0; g < _genreIndex.Length; g++)
            {
                x[4 + g] = profile.GenreRates[_genreIndex[g]] - profile.PositiveRate;
            }
        }

        return x;
    }
}
