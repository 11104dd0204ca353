using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bandit.Mlflow;
using Bandit.Variants.Tests.Support;

namespace Bandit.Variants.Tests;

/// <summary>How a webhook case is signed.</summary>
public enum Signing
{
    /// <summary>No MLflow headers at all.</summary>
    None,

    /// <summary>Signed with a secret the service does not hold.</summary>
    WrongSecret,

    /// <summary>Signed with the service's secret (the body itself is what is bad).</summary>
    Valid,
}

/// <summary>
/// Bad input on every public endpoint of a serving variant (<c>POST /recommend</c>, <c>GET /model</c>,
/// <c>POST /webhooks/mlflow</c>, <c>/health</c>): always a 4xx RFC 7807 answer (413/415/405/401 where they apply),
/// never a 500, and nothing changes: the same model object serves, <c>GET /model</c> reads the same, and no bad
/// webhook makes the service poll the registry.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class BadInputTests(RegistryFixture registry)
{
    private const string Json = "application/json";
    private const string Webhook = "/webhooks/mlflow";

    public static TheoryData<string, string, string, string?, string, Signing, int> Cases()
    {
        var ids = string.Join(',', Enumerable.Range(1, 20_000));
        var data = new TheoryData<string, string, string, string?, string, Signing, int>
        {
            // POST /recommend: malformed JSON, wrong types, numbers out of range.
            { "malformed", "POST", "/recommend", Json, "{\"userId\": 1,", Signing.None, 400 },
            { "not-json", "POST", "/recommend", Json, "userId=1", Signing.None, 400 },
            { "array", "POST", "/recommend", Json, "[{\"userId\": 1}]", Signing.None, 400 },
            { "string-id", "POST", "/recommend", Json, "{\"userId\": \"1\"}", Signing.None, 400 },
            { "object-id", "POST", "/recommend", Json, "{\"userId\": {\"id\": 1}}", Signing.None, 400 },
            { "negative-id", "POST", "/recommend", Json, "{\"userId\": -1}", Signing.None, 400 },
            { "1e300-id", "POST", "/recommend", Json, "{\"userId\": 1e300}", Signing.None, 400 },
            { "2^63-id", "POST", "/recommend", Json, "{\"userId\": 9223372036854775808}", Signing.None, 400 },
            { "-2^63-1-id", "POST", "/recommend", Json, "{\"userId\": -9223372036854775809}", Signing.None, 400 },
            { "k-0", "POST", "/recommend", Json, "{\"userId\": 1, \"k\": 0}", Signing.None, 400 },
            { "k-negative", "POST", "/recommend", Json, "{\"userId\": 1, \"k\": -5}", Signing.None, 400 },
            { "k-1e9", "POST", "/recommend", Json, "{\"userId\": 1, \"k\": 1000000000}", Signing.None, 400 },
            { "k-NaN", "POST", "/recommend", Json, "{\"userId\": 1, \"k\": NaN}", Signing.None, 400 },
            { "exclude-1e300", "POST", "/recommend", Json, "{\"userId\": 1, \"exclude\": [1e300]}", Signing.None, 400 },
            { "exclude-null-item", "POST", "/recommend", Json, "{\"userId\": 1, \"exclude\": [null]}", Signing.None, 400 },
            { "exclude-1001", "POST", "/recommend", Json, "{\"userId\": 1, \"exclude\": [" + string.Join(',', Enumerable.Range(1, 1001)) + "]}", Signing.None, 400 },

            // Odd Unicode: a lone surrogate escape, NUL, an RTL override where numbers belong or as property names.
            { "lone-surrogate-value", "POST", "/recommend", Json, "{\"userId\": \"\\ud800\"}", Signing.None, 400 },
            { "lone-surrogate-name", "POST", "/recommend", Json, "{\"\\ud800\": 1}", Signing.None, 400 },
            { "lone-surrogate-extra", "POST", "/recommend", Json, "{\"userId\": 1, \"\\udfff\": 2}", Signing.None, 400 },
            { "nul-escape", "POST", "/recommend", Json, "{\"userId\": \"\\u0000\"}", Signing.None, 400 },
            { "raw-nul", "POST", "/recommend", Json, "{\"userId\": 1\u0000}", Signing.None, 400 },
            { "rtl-override", "POST", "/recommend", Json, "{\"userId\": \"\u202e1\"}", Signing.None, 400 },
            { "rtl-name", "POST", "/recommend", Json, "{\"\u202euserId\": 1}", Signing.None, 400 },

            // Empty, oversized, wrong media type, wrong method.
            { "empty", "POST", "/recommend", Json, "", Signing.None, 400 },
            { "65KB-padding", "POST", "/recommend", Json, "{\"userId\": 1," + new string(' ', 65 * 1024) + "}", Signing.None, 413 },
            { "20000-excluded", "POST", "/recommend", Json, "{\"userId\": 1, \"exclude\": [" + ids + "]}", Signing.None, 413 },
            { "text/plain", "POST", "/recommend", "text/plain", "{\"userId\": 1}", Signing.None, 415 },
            { "form", "POST", "/recommend", "application/x-www-form-urlencoded", "userId=1", Signing.None, 415 },
            { "xml", "POST", "/recommend", "application/xml", "<userId>1</userId>", Signing.None, 415 },
            { "GET-recommend", "GET", "/recommend", null, "", Signing.None, 405 },
            { "PUT-recommend", "PUT", "/recommend", Json, "{\"userId\": 1}", Signing.None, 405 },

            // GET /model takes no input: other methods are refused.
            { "POST-model", "POST", "/model", Json, "{\"modelVersion\": \"99\"}", Signing.None, 405 },
            { "DELETE-model", "DELETE", "/model", null, "", Signing.None, 405 },

            // The webhook: unsigned, forged or oversized deliveries, and signed bodies that are not payloads.
            { "unsigned", "POST", Webhook, Json, AliasPayload("PolicyA"), Signing.None, 401 },
            { "forged", "POST", Webhook, Json, AliasPayload("PolicyA"), Signing.WrongSecret, 401 },
            { "forged-garbage", "POST", Webhook, Json, "{\"entity\": ", Signing.WrongSecret, 401 },
            { "forged-huge", "POST", Webhook, Json, "{\"x\": \"" + new string('a', 70 * 1024) + "\"}", Signing.WrongSecret, 413 },
            { "signed-malformed", "POST", Webhook, Json, "{\"entity\": ", Signing.Valid, 400 },
            { "signed-array", "POST", Webhook, Json, "[1, 2]", Signing.Valid, 400 },
            { "signed-wrong-types", "POST", Webhook, Json, "{\"entity\": 5, \"action\": [\"created\"]}", Signing.Valid, 400 },
            { "signed-lone-surrogate", "POST", Webhook, Json, "{\"entity\": \"\\ud800\", \"action\": \"created\"}", Signing.Valid, 400 },
            { "signed-empty", "POST", Webhook, Json, "", Signing.Valid, 400 },
            { "GET-webhook", "GET", Webhook, null, "", Signing.None, 405 },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Endpoint_BadInput_Is4xxProblemAndChangesNothing(string label, string method, string path, string? contentType, string body, Signing signing, int expected)
    {
        // Arrange
        var variant = await registry.ServingVariantAsync();
        var modelBefore = await variant.Http.GetStringAsync("/model");
        var served = variant.Holder.Current;
        var polls = variant.Watcher.PollCount;
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (contentType is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        Sign(request, body, signing);

        // Act
        using var response = await variant.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        await Task.Delay(signing == Signing.None ? 0 : 200); // a (wrongly) triggered poll would start at once
        var modelAfter = await variant.Http.GetStringAsync("/model");

        // Assert
        Assert.True((int)response.StatusCode == expected, $"{label}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(expected, JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32());
        Assert.Same(served, variant.Holder.Current);
        Assert.Equal(modelBefore, modelAfter);
        Assert.Equal(polls, variant.Watcher.PollCount);
    }

    [Fact]
    public async Task Recommend_ChunkedBodyOfOneMegabyte_Is413AndStillServes()
    {
        // Arrange: no Content-Length, so only reading can find the body too large.
        var variant = await registry.ServingVariantAsync();
        var served = variant.Holder.Current;
        var body = Encoding.UTF8.GetBytes("{\"userId\": 1, \"exclude\": [" + string.Join(',', Enumerable.Repeat(7, 500_000)) + "]}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/recommend") { Content = new StreamContent(new MemoryStream(body)) };
        request.Content.Headers.ContentType = new(Json);
        request.Headers.TransferEncodingChunked = true;

        // Act
        using var response = await variant.Http.SendAsync(request);
        var after = await variant.RecommendOkAsync(new { userId = 1, k = 3 });

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Same(served, variant.Holder.Current);
        Assert.Equal(3, after.Items.Count);
    }

    [Fact]
    public async Task Recommend_InvalidUtf8Bytes_Is400Problem()
    {
        var variant = await registry.ServingVariantAsync();
        using var content = new ByteArrayContent([(byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        content.Headers.ContentType = new("application/json");

        using var response = await variant.Http.PostAsync("/recommend", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(999_999)]
    [InlineData(int.MaxValue)]
    [InlineData(0)]
    public async Task Recommend_UnknownUser_Is200ColdStart(int userId)
    {
        var variant = await registry.ServingVariantAsync();

        var response = await variant.RecommendOkAsync(new { userId, k = 5 });

        Assert.Equal(5, response.Items.Count);
        Assert.Equal(5, response.Items.Select(i => i.MovieId).Distinct().Count());
    }

    [Theory]
    [InlineData("GET", "/health?probe=%00%ED%A0%80")]
    [InlineData("POST", "/health")]
    [InlineData("GET", "/model?userId=-1&k=1000000000")]
    [InlineData("GET", "/alive?\u202e=1")]
    public async Task ProbeAndModel_ExtraInput_IsIgnoredAndChangesNothing(string method, string path)
    {
        // These routes read no input: whatever is sent is ignored, not an error.
        var variant = await registry.ServingVariantAsync();
        var served = variant.Holder.Current;
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{\"userId\": -1", Encoding.UTF8, Json) };

        using var response = await variant.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Same(served, variant.Holder.Current);
    }

    private static string AliasPayload(string alias) =>
        "{\"entity\": \"model_version_alias\", \"action\": \"created\", \"timestamp\": \"2026-01-01T00:00:00Z\", " +
        "\"data\": {\"name\": \"movielens_ctr_ab\", \"alias\": \"" + alias + "\", \"version\": \"1\"}}";

    private static void Sign(HttpRequestMessage request, string body, Signing signing)
    {
        if (signing == Signing.None)
        {
            return;
        }

        var secret = signing == Signing.Valid ? RegistryFixture.ServingWebhookSecret : "not-the-secret";
        var deliveryId = Guid.NewGuid().ToString();
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        request.Headers.Add(MlflowWebhookSignature.DeliveryIdHeader, deliveryId);
        request.Headers.Add(MlflowWebhookSignature.TimestampHeader, timestamp);
        request.Headers.Add(MlflowWebhookSignature.SignatureHeader, MlflowWebhookSignature.Sign(secret, deliveryId, timestamp, body));
    }
}
