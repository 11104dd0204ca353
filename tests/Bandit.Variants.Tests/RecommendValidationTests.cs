using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bandit.Variants.Tests.Support;

namespace Bandit.Variants.Tests;

/// <summary>Bad input to <c>POST /recommend</c> gets a 4xx problem-details answer naming the problem, never a 500.</summary>
[Collection(RegistryCollection.Name)]
public sealed class RecommendValidationTests(RegistryFixture registry)
{
    public static TheoryData<string, string> BadBodies => new()
    {
        { "{}", "userId" },
        { "{\"k\": 5}", "userId" },
        { "{\"userId\": null}", "userId" },
        { "{\"userId\": -1}", "userId" },
        { "{\"userId\": 1, \"k\": 0}", "k" },
        { "{\"userId\": 1, \"k\": 101}", "k" },
        { "{\"userId\": 1, \"k\": -3}", "k" },
        { "{\"userId\": \"abc\"}", "userId" },
        { "{\"userId\": \"5\"}", "userId" },
        { "{\"userId\": 1.5}", "userId" },
        { "{\"userId\": 99999999999}", "userId" },
        { "{\"userId\": true}", "userId" },
        { "{\"userId\": 1, \"k\": \"ten\"}", "k" },
        { "{\"userId\": 1, \"exclude\": \"12\"}", "exclude" },
        { "{\"userId\": 1, \"exclude\": [1, \"x\"]}", "exclude[1]" },
        { "{\"userId\": 1, \"exclude\": [-4]}", "exclude" },
        { "{\"userId\": 1, \"userId\": 2}", "userId" },
        { "{\"userId\": 1", "userId" },
        { "{userId: 1}", "body" },
        { "[1, 2]", "body" },
        { "null", "body" },
        { "", "body" },
        { "   ", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Recommend_BadBody_Returns400ProblemNamingTheField(string body, string field)
    {
        // Arrange
        var variant = await registry.ServingVariantAsync();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        // Act
        using var response = await variant.Http.PostAsync("/recommend", content);
        var problem = await ReadProblemAsync(response);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {problem}");
    }

    [Fact]
    public async Task Recommend_TooManyExcludedIds_Returns400()
    {
        var variant = await registry.ServingVariantAsync();

        using var response = await variant.RecommendAsync(new { userId = 1, exclude = Enumerable.Range(1, 1001).ToArray() });
        var problem = await ReadProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("1000", problem.GetProperty("errors").GetProperty("exclude")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recommend_ThousandExcludedIds_IsAccepted()
    {
        var variant = await registry.ServingVariantAsync();

        using var response = await variant.RecommendAsync(new { userId = 1, exclude = Enumerable.Range(1, 1000).ToArray() });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("-0.2")]
    [InlineData("")]
    public async Task Recommend_BadPropensityHeader_Returns400(string propensity)
    {
        var variant = await registry.ServingVariantAsync();
        var headers = new Dictionary<string, string> { ["X-Bandit-Arm"] = "variant-a", ["X-Bandit-Decision"] = "d-1", ["X-Bandit-Propensity"] = propensity };

        using var response = await variant.RecommendAsync(new { userId = 1 }, headers);
        var problem = await ReadProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("X-Bandit-Propensity", out _), problem.ToString());
    }

    [Fact]
    public async Task Recommend_NotJsonContentType_Returns415Problem()
    {
        var variant = await registry.ServingVariantAsync();
        using var content = new StringContent("{\"userId\": 1}", Encoding.UTF8, "text/plain");

        using var response = await variant.Http.PostAsync("/recommend", content);
        var problem = await ReadProblemAsync(response);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(415, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Recommend_BodyOver64KB_Returns413Problem()
    {
        var variant = await registry.ServingVariantAsync();
        var padding = new string(' ', 70 * 1024);
        using var content = new StringContent("{\"userId\": 1," + padding + "\"k\": 3}", Encoding.UTF8, "application/json");

        using var response = await variant.Http.PostAsync("/recommend", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Recommend_WrongMethod_Returns405Problem()
    {
        var variant = await registry.ServingVariantAsync();

        using var response = await variant.Http.GetAsync("/recommend");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Recommend_AfterBadRequests_StillServes()
    {
        var variant = await registry.ServingVariantAsync();
        using (await variant.Http.PostAsync("/recommend", new StringContent("{", Encoding.UTF8, "application/json")))
        {
        }

        var response = await variant.RecommendOkAsync(new { userId = 1, k = 2 });

        Assert.Equal(2, response.Items.Count);
    }

    private static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
