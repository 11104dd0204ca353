namespace Bandit.MovieLens.Features;

public sealed partial class FeatureState
{
    private FeatureState(int ratingCount, int positiveCount, IReadOnlyDictionary<int, Movie> movies, Dictionary<int, ItemStats> items, Dictionary<int, UserStats> users)
    {
        RatingCount = ratingCount;
        PositiveCount = positiveCount;
        GlobalPositiveRate = ratingCount == 0 ? 0.5 : (double)positiveCount / ratingCount;
        _globalRate = (float)GlobalPositiveRate;
        Movies = movies;
        CatalogueIds = [.. movies.Keys.Order()];
        _items = items;
        _users = users;
        _defaultYear = MedianYear(movies.Values);
        foreach (var item in items.Values)
        {
            item.Derive(GlobalPositiveRate);
        }

        foreach (var user in users.Values)
        {
            user.Derive(GlobalPositiveRate);
        }
    }

    /// <summary>Computes every statistic from <paramref name="train"/> alone (the training window) and the catalogue.
    /// A rated movie missing from the catalogue still gets counts (with no genres and no year).</summary>
    public static FeatureState Build(IEnumerable<Rating> train, IReadOnlyDictionary<int, Movie> movies) => Build(train, movies, keepRated: true);

    internal static FeatureState Build(IEnumerable<Rating> train, IReadOnlyDictionary<int, Movie> movies, bool keepRated)
    {
        var genresOf = new Dictionary<int, int[]>(movies.Count);
        foreach (var (id, movie) in movies)
        {
            genresOf[id] = ItemStats.IndexGenres(movie.Genres);
        }

        var itemCounts = new Dictionary<int, (int Count, int Positives)>(movies.Count);
        var users = new Dictionary<int, UserAccumulator>();
        int ratingCount = 0, positiveCount = 0;
        foreach (var rating in train)
        {
            var click = rating.IsClick() ? 1 : 0;
            ratingCount++;
            positiveCount += click;
            var (count, positives) = itemCounts.GetValueOrDefault(rating.MovieId);
            itemCounts[rating.MovieId] = (count + 1, positives + click);
            if (!users.TryGetValue(rating.UserId, out var user))
            {
                users[rating.UserId] = user = new UserAccumulator();
            }

            user.Add(rating.MovieId, click, genresOf.GetValueOrDefault(rating.MovieId) ?? [], keepRated);
        }

        var items = new Dictionary<int, ItemStats>(movies.Count + 16);
        foreach (var (id, movie) in movies)
        {
            var (count, positives) = itemCounts.GetValueOrDefault(id);
            items[id] = new ItemStats(count, positives, genresOf[id], movie.Year);
        }

        foreach (var (id, (count, positives)) in itemCounts)
        {
            items.TryAdd(id, new ItemStats(count, positives, [], null));
        }

        var userStats = users.ToDictionary(u => u.Key, u => u.Value.ToStats());
        return new FeatureState(ratingCount, positiveCount, movies, items, userStats);
    }

    private static float MedianYear(IEnumerable<Movie> movies)
    {
        var years = movies.Where(m => m.Year is not null).Select(m => m.Year!.Value).Order().ToArray();
        return years.Length == 0 ? 2000f : years[(years.Length - 1) / 2];
    }

    private sealed class UserAccumulator
    {
        private readonly int[] _genreCounts = new int[FeatureSpec.GenreCount];
        private readonly int[] _genrePositives = new int[FeatureSpec.GenreCount];
        private readonly List<int> _rated = [];
        private int _count;
        private int _positives;

        public void Add(int movieId, int click, int[] genres, bool keepRated)
        {
            _count++;
            _positives += click;
            foreach (var g in genres)
            {
                _genreCounts[g]++;
                _genrePositives[g] += click;
            }

            if (keepRated)
            {
                _rated.Add(movieId);
            }
        }

        public UserStats ToStats() => new(_count, _positives, _genreCounts, _genrePositives, [.. _rated.Distinct().Order()]);
    }
}
