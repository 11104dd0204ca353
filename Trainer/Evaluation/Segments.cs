using System.Text;
using Bandit.MovieLens;
using Bandit.MovieLens.Features;

namespace Bandit.Trainer.Evaluation;

/// <summary>A subset of test rows: <see cref="Key"/> names it in MLflow metrics (<c>seg.cold_start_users.auc</c>).</summary>
public sealed record Segment(string Key, string Name, bool[] Mask)
{
    public int Count => Mask.Count(m => m);
}

/// <summary>
/// The evaluation segments of a split's test rows:
/// <list type="bullet">
/// <item><c>all</c>;</item>
/// <item><c>cold_start_users</c> / <c>warm_users</c>: the user has no / some rating in the training window (only
/// global-time has cold-start users);</item>
/// <item><c>popular_items</c> / <c>long_tail_items</c>: the movie is / is not among the top 20% of training-window movies
/// by rating count (ties at the cut by movie id; movies unseen in training are long-tail);</item>
/// <item><c>genre_&lt;name&gt;</c>: the movie has that genre (a row can fall into several).</item>
/// </list>
/// </summary>
public static class Segments
{
    public const double PopularShare = 0.2;

    public static IReadOnlyList<Segment> Build(IReadOnlyList<CtrExample> test, IReadOnlyList<Rating> train, IReadOnlyDictionary<int, Movie> movies)
    {
        var trainUsers = new HashSet<int>();
        var counts = new Dictionary<int, int>();
        foreach (var rating in train)
        {
            trainUsers.Add(rating.UserId);
            counts[rating.MovieId] = counts.GetValueOrDefault(rating.MovieId) + 1;
        }

        var popular = PopularItems(counts);
        var n = test.Count;
        bool[] Mask(Func<CtrExample, bool> predicate)
        {
            var mask = new bool[n];
            for (var i = 0; i < n; i++)
            {
                mask[i] = predicate(test[i]);
            }

            return mask;
        }

        var segments = new List<Segment>
        {
            new("all", "all test rows", Mask(_ => true)),
            new("cold_start_users", "cold-start users", Mask(r => !trainUsers.Contains(r.UserId))),
            new("warm_users", "warm users", Mask(r => trainUsers.Contains(r.UserId))),
            new("popular_items", "popular items (top 20%)", Mask(r => popular.Contains(r.MovieId))),
            new("long_tail_items", "long-tail items", Mask(r => !popular.Contains(r.MovieId))),
        };

        foreach (var genre in MovieLensGenres.All)
        {
            segments.Add(new Segment(GenreKey(genre), genre, Mask(r => movies.TryGetValue(r.MovieId, out var m) && m.Genres.Contains(genre))));
        }

        return segments;
    }

    /// <summary>The top <see cref="PopularShare"/> of rated movies by training count (ceil), ties broken by movie id.</summary>
    public static HashSet<int> PopularItems(IReadOnlyDictionary<int, int> trainCounts)
    {
        var take = (int)Math.Ceiling(trainCounts.Count * PopularShare);
        return [.. trainCounts.OrderByDescending(c => c.Value).ThenBy(c => c.Key).Take(take).Select(c => c.Key)];
    }

    /// <summary><c>genre_sci_fi</c>, <c>genre_film_noir</c>, <c>genre_no_genres_listed</c>: lower case, runs of other
    /// characters as one underscore.</summary>
    public static string GenreKey(string genre)
    {
        var key = new StringBuilder("genre_");
        var pendingUnderscore = false;
        foreach (var c in genre.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingUnderscore && key.Length > "genre_".Length)
                {
                    key.Append('_');
                }

                key.Append(c);
                pendingUnderscore = false;
            }
            else
            {
                pendingUnderscore = true;
            }
        }

        return key.ToString();
    }
}
