namespace Bandit.MovieLens;

/// <summary>A loaded MovieLens data set: ratings, the movie catalogue and tags, read-only.</summary>
public sealed class MovieLensDataset
{
    public MovieLensDataset(string name, MovieLensFormat format, IReadOnlyList<Rating> ratings, IReadOnlyList<Movie> movies, IReadOnlyList<Tag> tags)
    {
        Name = name;
        Format = format;
        Ratings = ratings;
        Movies = movies;
        Tags = tags;

        var byId = new Dictionary<int, Movie>(movies.Count);
        foreach (var movie in movies)
        {
            if (!byId.TryAdd(movie.MovieId, movie))
            {
                throw new ArgumentException($"movie id {movie.MovieId} appears twice in the catalogue", nameof(movies));
            }
        }

        MoviesById = byId;
        var users = new HashSet<int>();
        var rated = new HashSet<int>();
        foreach (var rating in ratings)
        {
            users.Add(rating.UserId);
            rated.Add(rating.MovieId);
        }

        UserCount = users.Count;
        RatedMovieCount = rated.Count;
    }

    /// <summary>The data set's name, e.g. <c>ml-latest-small</c> (the folder name when loaded from a folder).</summary>
    public string Name { get; }

    public MovieLensFormat Format { get; }

    public IReadOnlyList<Rating> Ratings { get; }

    /// <summary>The catalogue in file order.</summary>
    public IReadOnlyList<Movie> Movies { get; }

    public IReadOnlyDictionary<int, Movie> MoviesById { get; }

    /// <summary>Empty for the formats that ship no tags (ml-100k, ml-1m).</summary>
    public IReadOnlyList<Tag> Tags { get; }

    /// <summary>Distinct users with at least one rating.</summary>
    public int UserCount { get; }

    /// <summary>Movies in the catalogue (ml-latest-small: 9,742).</summary>
    public int MovieCount => Movies.Count;

    /// <summary>Distinct movies with at least one rating (ml-latest-small: 9,724).</summary>
    public int RatedMovieCount { get; }
}
