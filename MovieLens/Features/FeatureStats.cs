namespace Bandit.MovieLens.Features;

/// <summary>One user's training-window counts and the smoothed rates derived from them.</summary>
internal sealed class UserStats(int count, int positives, int[] genreCounts, int[] genrePositives, int[] rated)
{
    public int Count { get; } = count;
    public int Positives { get; } = positives;

    /// <summary>Ratings of movies of each genre (indexed like <see cref="MovieLensGenres.All"/>).</summary>
    public int[] GenreCounts { get; } = genreCounts;
    public int[] GenrePositives { get; } = genrePositives;

    /// <summary>Rated movie ids, ascending (empty in the out-of-fold states, which never serve).</summary>
    public int[] Rated { get; } = rated;

    public HashSet<int> RatedSet { get; } = [.. rated];

    public float LogActivity { get; private set; }
    public float SmoothedRate { get; private set; }
    public float[] GenreRates { get; } = new float[FeatureSpec.GenreCount];

    public void Derive(double globalRate)
    {
        LogActivity = (float)Math.Log(1 + Count);
        var userRate = (Positives + FeatureSpec.UserPriorStrength * globalRate) / (Count + FeatureSpec.UserPriorStrength);
        SmoothedRate = (float)userRate;
        for (var g = 0; g < GenreRates.Length; g++)
        {
            GenreRates[g] = (float)((GenrePositives[g] + FeatureSpec.GenrePriorStrength * userRate) / (GenreCounts[g] + FeatureSpec.GenrePriorStrength));
        }
    }
}

/// <summary>One movie: catalogue facts (genres, year) and training-window counts.</summary>
internal sealed class ItemStats(int count, int positives, int[] genreIndexes, int? year)
{
    public int Count { get; } = count;
    public int Positives { get; } = positives;

    /// <summary>Distinct indexes into <see cref="MovieLensGenres.All"/>; genres outside that list are left out.</summary>
    public int[] GenreIndexes { get; } = genreIndexes;
    public int? Year { get; } = year;

    public float LogPopularity { get; private set; }
    public float SmoothedRate { get; private set; }

    public void Derive(double globalRate)
    {
        LogPopularity = (float)Math.Log(1 + Count);
        SmoothedRate = (float)((Positives + FeatureSpec.ItemPriorStrength * globalRate) / (Count + FeatureSpec.ItemPriorStrength));
    }

    public static int[] IndexGenres(IReadOnlyList<string>? genres)
    {
        if (genres is null)
        {
            return [];
        }

        var indexes = new List<int>(genres.Count);
        foreach (var genre in genres)
        {
            var index = MovieLensGenres.IndexOf(MovieLensGenres.Canonical(genre));
            if (index >= 0 && !indexes.Contains(index))
            {
                indexes.Add(index);
            }
        }

        return [.. indexes];
    }
}
