using System.Net.Http.Json;
using System.Text.Json;
using Bandit.Variants.Model;
using Bandit.Variants.Tests.Support;

namespace Bandit.Variants.Tests;

/// <summary>What <c>POST /recommend</c> ranks and returns, against a real logistic-regression version.</summary>
[Collection(RegistryCollection.Name)]
public sealed class RecommendApiTests(RegistryFixture registry)
{
    private const int UnknownUser = 100_000;

    [Fact]
    public async Task Recommend_UnknownUser_ReturnsColdStartRankingNotAnError()
    {
        var variant = await registry.ServingVariantAsync();

        var first = await variant.RecommendOkAsync(new { userId = UnknownUser });
        var second = await variant.RecommendOkAsync(new { userId = UnknownUser + 1 });

        // Every unknown user has the same (cold-start) features, so the same ranking.
        Assert.Equal(RecommendRequest.DefaultK, first.Items.Count);
        Assert.Equal(first.Items.Select(i => i.MovieId), second.Items.Select(i => i.MovieId));
    }

    [Fact]
    public async Task Recommend_KnownUser_LeavesOutMoviesRatedInTraining()
    {
        // Arrange: user 1 rated 232 movies in the training rows, popular ones among them.
        var variant = await registry.ServingVariantAsync();
        var rated = TestModels.RatedBy(1);
        var coldStart = await variant.RecommendOkAsync(new { userId = UnknownUser, k = 100 });
        Assert.Contains(coldStart.Items, i => rated.Contains(i.MovieId)); // so the check below can fail

        // Act
        var response = await variant.RecommendOkAsync(new { userId = 1, k = 100 });

        // Assert
        Assert.Equal(100, response.Items.Count);
        Assert.DoesNotContain(response.Items, i => rated.Contains(i.MovieId));
    }

    [Fact]
    public async Task Recommend_Exclude_LeavesThoseOutAndTheRestMovesUp()
    {
        var variant = await registry.ServingVariantAsync();
        var top10 = await variant.RecommendOkAsync(new { userId = 42, k = 10 });
        var excluded = top10.Items.Take(5).Select(i => i.MovieId).ToArray();

        var response = await variant.RecommendOkAsync(new { userId = 42, k = 5, exclude = excluded });

        Assert.DoesNotContain(response.Items, i => excluded.Contains(i.MovieId));
        Assert.Equal(top10.Items.Skip(5).Select(i => (i.MovieId, i.Score)), response.Items.Select(i => (i.MovieId, i.Score)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(37)]
    [InlineData(100)]
    public async Task Recommend_K_ReturnsKDistinctItemsBestFirst(int k)
    {
        var variant = await registry.ServingVariantAsync();

        var response = await variant.RecommendOkAsync(new { userId = 3, k });

        Assert.Equal(k, response.Items.Count);
        Assert.Equal(k, response.Items.Select(i => i.MovieId).Distinct().Count());
        Assert.Equal(response.Items.OrderByDescending(i => i.Score).Select(i => i.Score), response.Items.Select(i => i.Score));
        Assert.All(response.Items, i => Assert.InRange(i.Score, 0f, 1f));
    }

    [Fact]
    public async Task Recommend_Items_CarryCatalogueFieldsAliasAndVersion()
    {
        var variant = await registry.ServingVariantAsync();
        var model = await variant.GetModelAsync();

        var response = await variant.RecommendOkAsync(new { userId = 2, k = 20 });

        Assert.Equal("PolicyA", response.Alias);
        Assert.Equal(model.ModelVersion, response.ModelVersion);
        Assert.All(response.Items, item =>
        {
            var movie = TestModels.Data.MoviesById[item.MovieId];
            Assert.Equal(movie.Title, item.Title);
            Assert.Equal(movie.Year, item.Year);
            Assert.Equal(movie.Genres, item.Genres);
        });
    }

    [Fact]
    public async Task Recommend_WithDecisionHeaders_EchoesThemInTheBody()
    {
        var variant = await registry.ServingVariantAsync();
        var headers = new Dictionary<string, string> { ["X-Bandit-Arm"] = "variant-a", ["X-Bandit-Decision"] = "dec-123", ["X-Bandit-Propensity"] = "0.25" };

        using var response = await variant.RecommendAsync(new { userId = 1, k = 2 }, headers);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("variant-a", body.GetProperty("arm").GetString());
        Assert.Equal("dec-123", body.GetProperty("decisionId").GetString());
        Assert.Equal(JsonValueKind.Number, body.GetProperty("propensity").ValueKind);
        Assert.Equal(0.25, body.GetProperty("propensity").GetDouble());
    }

    [Fact]
    public async Task Recommend_WithoutDecisionHeaders_LeavesThoseFieldsOut()
    {
        var variant = await registry.ServingVariantAsync();

        using var response = await variant.RecommendAsync(new { userId = 1, k = 2 });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(["items", "alias", "modelVersion"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["movieId", "title", "year", "genres", "score"], body.GetProperty("items")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Recommend_ConcurrentRequests_RankExactlyAsOneAtATime()
    {
        // Arrange: the answers of 24 users, one request at a time.
        var variant = await registry.ServingVariantAsync();
        var users = Enumerable.Range(1, 24).ToArray();
        var sequential = new Dictionary<int, string>();
        foreach (var user in users)
        {
            sequential[user] = Ranking(await variant.RecommendOkAsync(new { userId = user, k = 10 }));
        }

        // Act: the same users, three times over, all at once.
        var concurrent = await Task.WhenAll(users.Concat(users).Concat(users).Select(async user =>
            (user, Ranking(await variant.RecommendOkAsync(new { userId = user, k = 10 })))));

        // Assert
        Assert.All(concurrent, c => Assert.Equal(sequential[c.user], c.Item2));
    }

    private static string Ranking(RecommendResponse response) =>
        string.Join(",", response.Items.Select(i => $"{i.MovieId}:{i.Score:R}"));
}
