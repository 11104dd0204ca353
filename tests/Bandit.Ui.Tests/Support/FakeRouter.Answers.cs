using Microsoft.AspNetCore.Http;

namespace Bandit.Ui.Tests.Support;

// The fake Router's answers built from its state: /stats from the real counts, /config, and the movies it recommends.
public sealed partial class FakeRouter
{
    public static readonly (int Id, string Title, int Year, string[] Genres)[] Catalogue =
    [
        (1, "Toy Story", 1995, ["Adventure", "Animation", "Children", "Comedy", "Fantasy"]),
        (260, "Star Wars: Episode IV - A New Hope", 1977, ["Action", "Adventure", "Sci-Fi"]),
        (296, "Pulp Fiction", 1994, ["Comedy", "Crime", "Drama", "Thriller"]),
        (318, "Shawshank Redemption, The", 1994, ["Crime", "Drama"]),
        (356, "Forrest Gump", 1994, ["Comedy", "Drama", "Romance", "War"]),
        (527, "Schindler's List", 1993, ["Drama", "War"]),
        (593, "Silence of the Lambs, The", 1991, ["Crime", "Horror", "Thriller"]),
        (858, "Godfather, The", 1972, ["Crime", "Drama"]),
        (1196, "Star Wars: Episode V - The Empire Strikes Back", 1980, ["Action", "Adventure", "Sci-Fi"]),
        (2571, "Matrix, The", 1999, ["Action", "Sci-Fi", "Thriller"]),
        (2959, "Fight Club", 1999, ["Action", "Crime", "Drama", "Thriller"]),
        (4993, "Lord of the Rings: The Fellowship of the Ring, The", 2001, ["Adventure", "Fantasy"]),
    ];

    private object Config()
    {
        lock (_lock)
        {
            return new
            {
                version = _configVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), experiment = "movielens",
                source = "models:/movielens_ctr_router@router", loadedAt = DateTimeOffset.UtcNow,
                config = new
                {
                    strategy = _strategy,
                    arms = new[] { new { name = "PolicyA", alias = "PolicyA", service = "variant-a", weight = 0.5 }, new { name = "PolicyB", alias = "PolicyB", service = "variant-b", weight = 0.5 } },
                    prior = new { alpha = 1, beta = 1 }, salt = "s", epsilon = 0.1, ucb_exploration = 2.0,
                },
            };
        }
    }

    /// <summary>Records the counts now as a history snapshot (under the lock).</summary>
    private void Snapshot() => _snapshots.Add(new
    {
        at = DateTimeOffset.UtcNow, configVersion = _configVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), strategy = _strategy, epoch = _epoch,
        arms = _arms.Select(a => (a, c: _counts.GetValueOrDefault(a.Arm))).Select(x => new { arm = x.a.Arm, alias = x.a.Alias, pulls = x.c.Pulls, updates = x.c.Updates, rewards = x.c.Rewards }).ToList(),
    });

    private IResult History()
    {
        lock (_lock)
        {
            return Results.Json(new { experiment = "movielens", intervalSeconds = 5.0, from = DateTimeOffset.UtcNow.AddHours(-1), samples = _snapshots.ToList(), events = _events.ToList() });
        }
    }

    /// <summary>An earlier version's row: its counts and posterior, and its P(best) against the other arms' live posteriors.</summary>
    private static object EarlierVersion((string Version, long Pulls, long Updates, double Rewards) v, List<(double Alpha, double Beta)> live, int arm)
    {
        var (alpha, beta) = (1 + v.Rewards, 1 + v.Updates - v.Rewards);
        var competing = live.Select((p, j) => j == arm ? (alpha, beta) : p).ToList();
        return new
        {
            version = v.Version, pulls = v.Pulls, updates = v.Updates, rewards = v.Rewards, ctr = v.Updates > 0 ? v.Rewards / v.Updates : 0.0, failures = 0,
            posterior = new { alpha, beta, mean = alpha / (alpha + beta), lower = FakeMath.Quantile(alpha, beta, 0.025), upper = FakeMath.Quantile(alpha, beta, 0.975) },
            pBest = FakeMath.ProbabilityOfBest(competing)[arm],
        };
    }

    private IResult Stats()
    {
        if (BrokenStatsBody is { } broken)
        {
            return Results.Text(broken, "application/json");
        }

        lock (_lock)
        {
            var total = _counts.Values.Sum(c => c.Pulls);
            var posteriors = _arms.Select(a => _counts.GetValueOrDefault(a.Arm)).Select(c => (Alpha: 1 + c.Rewards, Beta: 1 + c.Updates - c.Rewards)).ToList();
            var pBest = FakeMath.ProbabilityOfBest(posteriors);
            var arms = _arms.Select((a, i) =>
            {
                var c = _counts.GetValueOrDefault(a.Arm);
                var (alpha, beta) = posteriors[i];
                return new
                {
                    arm = a.Arm, alias = a.Alias, service = a.Arm == "PolicyA" ? "variant-a" : "variant-b",
                    pulls = c.Pulls, updates = c.Updates, rewards = c.Rewards, ctr = c.Updates > 0 ? c.Rewards / c.Updates : 0.0, failures = 0,
                    posterior = new { alpha, beta, mean = alpha / (alpha + beta), lower = FakeMath.Quantile(alpha, beta, 0.025), upper = FakeMath.Quantile(alpha, beta, 0.975) },
                    pBest = pBest[i], share = total > 0 ? (double)c.Pulls / total : 0.5, healthy = true,
                    version = _liveVersions.GetValueOrDefault(a.Arm),
                    versions = _earlier.GetValueOrDefault(a.Arm)?.Select(v => EarlierVersion(v, posteriors, i)).ToList(),
                };
            });
            return Results.Json(new
            {
                experiment = "movielens", strategy = _strategy, configVersion = _configVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                window = 1000, totalPulls = total, epoch = _epoch, sharedState = false, arms,
                srm = Srm is { } srm ? new { pValue = srm.PValue, flagged = srm.Flagged, observed = srm.Observed, expected = srm.Expected, minimumPulls = 100 } : null,
            });
        }
    }
}

/// <summary>A sample-ratio check for the fake's <c>/stats</c>, as the Router's JSON names it.</summary>
public sealed record FakeSrm(double PValue, bool Flagged, double[] Observed, double[] Expected);
