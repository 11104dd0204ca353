using Bandit.TestSupport;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Replay.Cli;
using Bandit.Replay.Http;
using Bandit.Router;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bandit.Replay.Tests;

/// <summary>The <c>--router</c> mode against the real Router (in-process, real HTTP on 127.0.0.1) and two stub variants.</summary>
public sealed class RouterModeTests : IAsyncLifetime
{
    private const int Users = 40;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "replay-router-test-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _variantA;
    private WebApplication? _variantB;
    private LocalRouterServer? _router;

    public async Task InitializeAsync()
    {
        // 40 users rate movies 1-4 early (training) and movie 50 five stars later (the one held-out rating each).
        Directory.CreateDirectory(_folder);
        var ratings = new StringBuilder("userId,movieId,rating,timestamp\n");
        for (var u = 1; u <= Users; u++)
        {
            for (var m = 1; m <= 4; m++)
            {
                ratings.Append(CultureInfo.InvariantCulture, $"{u},{m},3.0,{1000 * m}\n");
            }

            ratings.Append(CultureInfo.InvariantCulture, $"{u},50,5.0,{100_000 + u}\n");
        }

        await File.WriteAllTextAsync(Path.Combine(_folder, "ratings.csv"), ratings.ToString());
        await File.WriteAllTextAsync(Path.Combine(_folder, "movies.csv"),
            "movieId,title,genres\n" + string.Concat(Enumerable.Range(1, 70).Select(m => $"{m},Movie {m} (2000),Drama\n")));

        // Variant A recommends movie 50 (every user clicks it later), variant B movies 60+ (nobody rated them).
        _variantA = await StartVariantAsync(50);
        _variantB = await StartVariantAsync(60);
        var config = RouterConfig.Default.WithStrategy(StrategyNames.Hash) with { Salt = "router-mode-test" };
        _router = new LocalRouterServer(new Dictionary<string, string?>
        {
            ["Router:EmbeddedConfig"] = config.ToJson(),
            ["Router:PosteriorCacheTtl"] = "00:00:00.020",
            ["Router:ExportInterval"] = "00:00:00",
            ["Router:OutageLogPath"] = Path.Combine(_folder, "outage"),
            ["services:variant-a:http:0"] = _variantA.Address(),
            ["services:variant-b:http:0"] = _variantB.Address(),
        });
        await _router.StartAsync();
    }

    [Fact]
    public async Task RunAsync_StubVariants_RewardsFollowHeldOutRatingsAndReachTheRouter()
    {
        using var error = new StringWriter();
        var options = new ReplayOptions { Data = _folder, Output = Path.Combine(_folder, "out"), Router = _router!.BaseAddress };

        var markdown = await RouterMode.RunAsync(options, error);

        // One arrival per user; the hash split (propensity 0.5 exactly) sends each to an arm; A's items hold the
        // movie the user rated 5 stars later (CTR 1), B's nothing they rated (CTR 0).
        Assert.Contains($"{Users} arrivals, 0 failed", markdown);
        Assert.Matches(@"\| PolicyA \| \d+ \| [\d.]+ % \| \d+ \| 1\.0000 \| 0\.500 \|", markdown);
        Assert.Matches(@"\| PolicyB \| \d+ \| [\d.]+ % \| 0 \| 0\.0000 \| 0\.500 \|", markdown);
        using var http = new HttpClient { BaseAddress = _router.BaseAddress };
        using var stats = JsonDocument.Parse(await http.GetStringAsync("stats"));
        var arms = stats.RootElement.GetProperty("arms").EnumerateArray().ToDictionary(a => a.GetProperty("arm").GetString()!);
        Assert.Equal(Users, arms.Values.Sum(a => a.GetProperty("updates").GetInt64()));
        Assert.Equal(arms["PolicyA"].GetProperty("updates").GetInt64(), arms["PolicyA"].GetProperty("rewards").GetDouble());
        Assert.Equal(0.0, arms["PolicyB"].GetProperty("rewards").GetDouble());
    }

    [Fact]
    public async Task RunAsync_BadRouterUrl_ExitsTwo()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await ReplayApp.RunAsync(["--router", "not a url"], output, error);

        Assert.Equal(2, code);
        Assert.StartsWith("error: --router", error.ToString());
    }

    /// <summary>A web server that is not a Router (404 pages): refused before the first arrival, in one line.</summary>
    [Fact]
    public async Task RunAsync_NotARouter_FailsBeforeTheArrivalsWithOneLine()
    {
        var requests = 0;
        await using var notARouter = await LoopbackApp.StartAsync(app => app.MapFallback(() =>
        {
            Interlocked.Increment(ref requests);
            return Results.Content("<!DOCTYPE html>\n<html>\n<body>Not Found</body>\n</html>\n", "text/html", statusCode: 404);
        }));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await ReplayApp.RunAsync(["--router", notARouter.Address(), "--data", _folder, "--output", Path.Combine(_folder, "out")], output, error);

        Assert.Equal(1, code);
        Assert.Equal(1, requests);
        Assert.Equal($"error: no Router answers GET /config at {notARouter.Address()}/: it answered 404: <!DOCTYPE html> <html> <body>Not Found</body> </html>",
            error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Last());
    }

    public async Task DisposeAsync()
    {
        if (_router is not null)
        {
            await _router.DisposeAsync();
        }

        foreach (var app in new[] { _variantA, _variantB })
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<WebApplication> StartVariantAsync(int firstMovie)
    {
        return await LoopbackApp.StartAsync(app => app.MapPost("/recommend", async (HttpContext context) =>
        {
            using var request = await JsonDocument.ParseAsync(context.Request.Body);
            var k = request.RootElement.TryGetProperty("k", out var kElement) ? kElement.GetInt32() : 10;
            await context.Response.WriteAsJsonAsync(new { items = Enumerable.Range(firstMovie, k).Select(m => new { movieId = m, score = 0.5 }), alias = "stub", modelVersion = "1" });
        }));
    }
}
