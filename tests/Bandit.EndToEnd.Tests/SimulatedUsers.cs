using System.Net.Http.Json;
using System.Text.Json;
using Bandit.MovieLens;
using Bandit.MovieLens.Features;

namespace Bandit.EndToEnd.Tests;

/// <summary>One decision as the simulated user saw it.</summary>
public sealed record Outcome(int Sequence, int UserId, string Arm, string ModelVersion, double Propensity, double Reward);

/// <summary>
/// Users replayed from MovieLens: the Trainer's default user-time split holds out each user's newest
/// 20% of ratings; a recommendation list earns reward 1 when it contains a movie the user rated ≥ 4
/// in that held-out window (the users have a training history, so both policies can personalise).
/// </summary>
public sealed class SimulatedUsers
{
    private readonly Dictionary<int, HashSet<int>> _heldOutClicks;

    public SimulatedUsers()
    {
        var data = MovieLensLoader.Load(MovieLensDataSets.LocateShipped());
        var split = Splitter.UserTime(data.Ratings);
        _heldOutClicks = split.Test
            .Where(r => r.IsClick())
            .GroupBy(r => r.UserId)
            .ToDictionary(g => g.Key, g => g.Select(r => r.MovieId).ToHashSet());
        Users = _heldOutClicks.Keys.Order().ToArray();
    }

    /// <summary>Users with at least one held-out click.</summary>
    public IReadOnlyList<int> Users { get; }

    public double RewardFor(int userId, IEnumerable<int> movieIds) =>
        _heldOutClicks.TryGetValue(userId, out var clicks) && movieIds.Any(clicks.Contains) ? 1.0 : 0.0;

    /// <summary>
    /// <paramref name="count"/> users (drawn with a fixed seed) each ask the Router for 10 movies and
    /// report the reward; <paramref name="concurrency"/> of them at a time. Every call must succeed.
    /// </summary>
    public async Task<IReadOnlyList<Outcome>> DriveAsync(HttpClient router, int count, int concurrency, int seed, Func<int, int>? pickUser = null)
    {
        var random = new Random(seed);
        var picks = Enumerable.Range(0, count).Select(i => pickUser?.Invoke(i) ?? Users[random.Next(Users.Count)]).ToArray();
        var outcomes = new Outcome[count];
        var next = -1;

        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                outcomes[i] = await OneAsync(router, i, picks[i]);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker)));
        return outcomes;
    }

    public async Task<Outcome> OneAsync(HttpClient router, int sequence, int userId)
    {
        using var choose = await router.PostAsJsonAsync("/choose", new { userId, k = 10 });
        var body = await choose.Content.ReadAsStringAsync();
        Assert.True(choose.IsSuccessStatusCode, $"/choose for user {userId}: {(int)choose.StatusCode} {body}");

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var movies = root.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("movieId").GetInt32()).ToList();
        var arm = root.GetProperty("arm").GetString()!;
        var decisionId = root.GetProperty("decisionId").GetString()!;
        var propensity = root.GetProperty("propensity").GetDouble();
        var version = root.GetProperty("modelVersion").GetString()!;
        Assert.Equal(10, movies.Count);
        Assert.Equal(arm, choose.Headers.GetValues("X-Bandit-Arm").Single());

        var reward = RewardFor(userId, movies);
        using var update = await router.PostAsJsonAsync("/update", new { decisionId, reward });
        var updateBody = await update.Content.ReadAsStringAsync();
        Assert.True(update.IsSuccessStatusCode, $"/update: {(int)update.StatusCode} {updateBody}");
        Assert.Contains("\"recorded\"", updateBody, StringComparison.Ordinal);

        return new Outcome(sequence, userId, arm, version, propensity, reward);
    }
}
