namespace Bandit.MovieLens.Features;

/// <summary>
/// The training-window statistics that featurize any (user, movie) pair with the <see cref="FeatureSpec"/> layout:
/// the global positive rate, per-user and per-item counts and positives, per-user genre counts, the catalogue and
/// each user's rated movies. Immutable once built or loaded, so every method is thread-safe. Shipped beside a
/// model as <see cref="FileName"/> so that a model version is self-contained.
/// </summary>
public sealed partial class FeatureState
{
    /// <summary>The artifact's file name beside the ML.NET model.</summary>
    public const string FileName = "feature_state.json";

    private static readonly HashSet<int> _noMovies = [];

    private readonly Dictionary<int, UserStats> _users;
    private readonly Dictionary<int, ItemStats> _items;
    private readonly float _globalRate;
    private readonly float _defaultYear;

    /// <summary>Ratings in the training window.</summary>
    public int RatingCount { get; }

    /// <summary>Clicks (ratings ≥ <see cref="Labels.ClickThreshold"/>) in the training window.</summary>
    public int PositiveCount { get; }

    /// <summary>The prior of every smoothed rate; 0.5 when the window holds no rating.</summary>
    public double GlobalPositiveRate { get; }

    /// <summary>The catalogue by movie id.</summary>
    public IReadOnlyDictionary<int, Movie> Movies { get; }

    /// <summary>Catalogue movie ids, ascending: the candidates a variant ranks.</summary>
    public IReadOnlyList<int> CatalogueIds { get; }

    /// <summary>Users with at least one training rating.</summary>
    public int UserCount => _users.Count;

    /// <summary>What <see cref="FeatureSpec.ReleaseYear"/> holds for a movie without a year: the catalogue's median year.</summary>
    public float DefaultYear => _defaultYear;

    public bool IsKnownUser(int userId) => _users.ContainsKey(userId);

    /// <summary>The users with training ratings, ascending; every other id is featurized as the same cold-start user.</summary>
    public IReadOnlyList<int> KnownUserIds => [.. _users.Keys.Order()];

    /// <summary>The movies the user rated in the training window (empty for an unknown user).</summary>
    public IReadOnlySet<int> RatedBy(int userId) => _users.TryGetValue(userId, out var user) ? user.RatedSet : _noMovies;

    /// <summary>The popularity baseline's score: the movie's smoothed positive rate (the prior for an unseen movie).</summary>
    public float PopularityScore(int movieId) => _items.TryGetValue(movieId, out var item) ? item.SmoothedRate : _globalRate;

    /// <summary>Writes the <see cref="FeatureSpec.Length"/> features of (user, movie) into <paramref name="destination"/>.
    /// Allocation-free; unknown users and movies get cold-start values, never an error.</summary>
    public void Featurize(int userId, int movieId, Span<float> destination) => Featurize(this, this, userId, movieId, destination);

    /// <summary>A new vector holding the features of (user, movie).</summary>
    public float[] Featurize(int userId, int movieId)
    {
        var features = new float[FeatureSpec.Length];
        Featurize(this, this, userId, movieId, features);
        return features;
    }

    /// <summary>Featurizes one user against many movies into a row-major block of
    /// <c>movieIds.Length × FeatureSpec.Length</c> floats. Allocation-free.</summary>
    public void FeaturizeMany(int userId, ReadOnlySpan<int> movieIds, Span<float> destination)
    {
        if (destination.Length < movieIds.Length * FeatureSpec.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} floats; {movieIds.Length} movies need {movieIds.Length * FeatureSpec.Length}", nameof(destination));
        }

        _users.TryGetValue(userId, out var user);
        for (var i = 0; i < movieIds.Length; i++)
        {
            _items.TryGetValue(movieIds[i], out var item);
            Write(this, user, user, item, item, destination.Slice(i * FeatureSpec.Length, FeatureSpec.Length));
        }
    }

    /// <summary>
    /// The one feature definition. Count-type features (activity, popularity, cold-start flags) and catalogue facts
    /// come from <paramref name="counts"/>; target statistics (positive rates, genre affinity) from
    /// <paramref name="targets"/>, which for a training row is the state of the other folds.
    /// </summary>
    internal static void Featurize(FeatureState counts, FeatureState targets, int userId, int movieId, Span<float> destination)
    {
        if (destination.Length < FeatureSpec.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} floats; the features need {FeatureSpec.Length}", nameof(destination));
        }

        counts._users.TryGetValue(userId, out var countUser);
        counts._items.TryGetValue(movieId, out var countItem);
        UserStats? targetUser;
        ItemStats? targetItem;
        if (ReferenceEquals(counts, targets))
        {
            (targetUser, targetItem) = (countUser, countItem);
        }
        else
        {
            targets._users.TryGetValue(userId, out targetUser);
            targets._items.TryGetValue(movieId, out targetItem);
        }

        counts.Write(targets, countUser, targetUser, countItem, targetItem, destination);
    }

    private void Write(FeatureState targets, UserStats? countUser, UserStats? targetUser, ItemStats? countItem, ItemStats? targetItem, Span<float> destination)
    {
        var d = destination[..FeatureSpec.Length];
        d.Clear();
        var userRate = targetUser?.SmoothedRate ?? targets._globalRate;
        d[FeatureSpec.UserLogActivity] = countUser?.LogActivity ?? 0f;
        d[FeatureSpec.UserPositiveRate] = userRate;
        d[FeatureSpec.ItemLogPopularity] = countItem?.LogPopularity ?? 0f;
        d[FeatureSpec.ItemPositiveRate] = targetItem?.SmoothedRate ?? targets._globalRate;

        ReadOnlySpan<int> genres = countItem is null ? default : countItem.GenreIndexes;
        var affinity = 0f;
        foreach (var g in genres)
        {
            d[FeatureSpec.GenreOffset + g] = 1f;
            affinity += targetUser?.GenreRates[g] ?? userRate;
        }

        d[FeatureSpec.UserGenreAffinity] = genres.Length > 0 ? affinity / genres.Length : userRate;
        var year = countItem?.Year;
        d[FeatureSpec.ReleaseYear] = year ?? _defaultYear;
        d[FeatureSpec.YearUnknown] = year is null ? 1f : 0f;
        d[FeatureSpec.UserUnseen] = countUser is null ? 1f : 0f;
        d[FeatureSpec.ItemUnseen] = countItem is null || countItem.Count == 0 ? 1f : 0f;
    }
}
