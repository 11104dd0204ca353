using System.Net;
using System.Net.Http.Headers;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Experiment.History;
using Bandit.Router.Tests.Support;
using Bandit.TestSupport;

namespace Bandit.Router.Tests.Integration;

/// <summary>
/// <c>GET /stats/history</c> on Redis: snapshots of the store's counters, one per slot whatever the number of replicas,
/// still there after a restart; resets recorded once; bad queries refused.
/// </summary>
public sealed class HistoryTests(RedisServer redis, VariantPair variants) : IClassFixture<RedisServer>, IClassFixture<VariantPair>
{
    private const string AdminKey = "history-tests-admin-key";

    private readonly RouterConfig _config = TestConfigs.TwoArms(StrategyNames.Thompson, TestConfigs.NewTag());

    [Fact]
    public async Task Snapshots_CountEveryDecision_AndSurviveARouterRestart()
    {
        await using (var first = await StartAsync())
        {
            for (var user = 0; user < 4; user++)
            {
                var choice = await first.Client.ChooseAsync(user, k: 1);
                if (user % 2 == 0)
                {
                    await first.Client.UpdateAsync(choice.DecisionId, 1.0);
                }
            }

            await Eventually.HoldsAsync(async () => Totals(await LastSampleAsync(first)) == (4, 2), "a snapshot with 4 decisions and 2 rewards");
        }

        await using var second = await StartAsync(interval: "00:10:00"); // writes nothing new: what it serves is what the first wrote
        var history = await second.Client.GetJsonAsync("stats/history");

        Assert.Equal(_config.ExperimentKey, history.GetProperty("experiment").GetString());
        var samples = history.GetProperty("samples").EnumerateArray().ToList();
        Assert.Contains(samples, s => Totals(s) == (4, 2));
        Assert.All(samples, s => Assert.Equal(["PolicyA", "PolicyB"], s.GetProperty("arms").EnumerateArray().Select(a => a.GetProperty("alias").GetString())));
    }

    [Fact]
    public async Task TwoReplicas_WriteOneSnapshotPerSlot()
    {
        await using var a = await StartAsync(interval: "00:00:00.200");
        await using var b = await StartAsync(interval: "00:00:00.200");
        await Task.Delay(1500);

        var times = (await a.Client.GetJsonAsync("stats/history")).GetProperty("samples").EnumerateArray()
            .Select(s => s.GetProperty("at").GetDateTimeOffset()).ToList();

        Assert.True(times.Count >= 3, $"only {times.Count} snapshots in 1.5 s at 200 ms");
        Assert.Equal(times.Count, times.Distinct().Count());
        Assert.All(times.Zip(times.Skip(1)), p => Assert.True((p.Second - p.First).TotalMilliseconds >= 200, $"{p.First:O} then {p.Second:O}"));
    }

    [Fact]
    public async Task Reset_IsOneEvent_EvenThoughTheSamplerSeesTheNewEpochToo()
    {
        await using var router = await StartAsync();
        await router.Client.ChooseAsync(1, k: 1);
        await Eventually.HoldsAsync(async () => Totals(await LastSampleAsync(router)).Pulls == 1, "a snapshot with the decision");

        using var request = new HttpRequestMessage(HttpMethod.Post, "admin/reset");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await router.Client.Http.SendAsync(request)).StatusCode);
        await Eventually.HoldsAsync(async () => Totals(await LastSampleAsync(router)).Pulls == 0, "a snapshot after the reset");

        var events = (await router.Client.GetJsonAsync("stats/history")).GetProperty("events").EnumerateArray().ToList();
        var reset = Assert.Single(events);
        Assert.Equal("reset", reset.GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("minutes=0")]
    [InlineData("minutes=1441")]
    [InlineData("minutes=ten")]
    [InlineData("points=1")]
    [InlineData("points=-5")]
    public async Task BadQuery_Is400(string query)
    {
        await using var router = await StartAsync();

        using var response = await router.Client.Http.GetAsync("stats/history?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(10, 20, 10)]
    [InlineData(100, 20, 20)]
    [InlineData(101, 20, 20)]
    [InlineData(1000, 7, 7)]
    public void Thin_KeepsAtMostThePointsAskedForAndAlwaysTheNewest(int count, int points, int most)
    {
        var start = DateTimeOffset.UnixEpoch;
        var snapshots = Enumerable.Range(0, count).Select(i => new StatsSnapshot(start.AddSeconds(i), "1", "hash", 0, [])).ToList();

        var thinned = HistoryApi.Thin(snapshots, points);

        Assert.InRange(thinned.Count, Math.Min(count, 2), most);
        Assert.Equal(snapshots[^1], thinned[^1]);
        Assert.Equal(thinned.OrderBy(s => s.At), thinned);
    }

    private Task<RunningRouter> StartAsync(string interval = "00:00:00.100") => RunningRouter.StartAsync(new RouterSettings()
        .WithVariants(variants.A, variants.B).WithRedis(redis.ConnectionString).WithConfig(_config)
        .Set("Router:AdminKey", AdminKey).Set("Router:HistoryInterval", interval));

    private static async Task<System.Text.Json.JsonElement> LastSampleAsync(RunningRouter router) =>
        (await router.Client.GetJsonAsync("stats/history")).GetProperty("samples").EnumerateArray().LastOrDefault();

    private static (long Pulls, double Rewards) Totals(System.Text.Json.JsonElement sample) =>
        sample.ValueKind != System.Text.Json.JsonValueKind.Object ? (-1, -1)
            : (sample.GetProperty("arms").EnumerateArray().Sum(a => a.GetProperty("pulls").GetInt64()), sample.GetProperty("arms").EnumerateArray().Sum(a => a.GetProperty("rewards").GetDouble()));
}
