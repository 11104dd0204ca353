using System.Globalization;
using System.Net;
using System.Text;
using Bandit.Mlflow;
using Bandit.TestSupport;
using Bandit.Variants.Tests.Support;

namespace Bandit.Variants.Tests;

/// <summary>
/// Refused bodies on real Kestrel with a real HttpClient that writes its whole body before it reads: the client reads
/// the 413/415/400 problem, and the connection stays usable. Before the shared reader, a 3 MB body to
/// <c>/recommend</c> got no answer (Kestrel closed the connection over its 64 KB limit while the client still wrote),
/// and a refused 70 KB body left a pooled connection that the server closed a moment later (CI:
/// "The response ended prematurely" on the next test's request).
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class BodyLimitTests(RegistryFixture registry)
{
    [Fact]
    public async Task Recommend_ThreeMegabyteBody_Is413ProblemAndTheConnectionServesOn()
    {
        var variant = await registry.ServingVariantAsync();
        using var client = new CountingHttpClient(variant.Http.BaseAddress!);

        var problem = await BodyLimitProbe.AssertProblemAsync(client.Http, HttpMethod.Post, "/recommend",
            BodyLimitProbe.JsonOfSize(BodyLimitProbe.ThreeMegabytes), HttpStatusCode.RequestEntityTooLarge);
        for (var i = 0; i < 3; i++)
        {
            using var ok = await client.Http.PostAsync("/recommend", new StringContent("{\"userId\": 1, \"k\": 3}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        Assert.Contains("65536", problem.GetProperty("detail").GetString());
        Assert.Equal(1, client.Connections); // the refusal drained the body: the same connection served the next requests
    }

    [Theory]
    [InlineData(70 * 1024)]
    [InlineData(BodyLimitProbe.ThreeMegabytes)]
    public async Task Recommend_RefusedBodiesInARow_EachIs413OnOneConnection(int size)
    {
        var variant = await registry.ServingVariantAsync();
        using var client = new CountingHttpClient(variant.Http.BaseAddress!);

        for (var i = 0; i < 3; i++)
        {
            await BodyLimitProbe.AssertProblemAsync(client.Http, HttpMethod.Post, "/recommend", BodyLimitProbe.JsonOfSize(size), HttpStatusCode.RequestEntityTooLarge);
        }

        Assert.Equal(1, client.Connections);
    }

    [Fact]
    public async Task Recommend_WrongMediaType_Is415Problem()
    {
        var variant = await registry.ServingVariantAsync();
        using var client = new CountingHttpClient(variant.Http.BaseAddress!);

        await BodyLimitProbe.AssertProblemAsync(client.Http, HttpMethod.Post, "/recommend",
            new StringContent("{\"userId\": 1}", Encoding.UTF8, "text/csv"), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Recommend_MalformedJson_Is400Problem()
    {
        var variant = await registry.ServingVariantAsync();
        using var client = new CountingHttpClient(variant.Http.BaseAddress!);

        var problem = await BodyLimitProbe.AssertProblemAsync(client.Http, HttpMethod.Post, "/recommend",
            new StringContent("{\"userId\": 1,", Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest);

        Assert.Contains("malformed JSON", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_ThreeMegabyteBody_Is413Problem()
    {
        var variant = await registry.ServingVariantAsync();
        using var client = new CountingHttpClient(variant.Http.BaseAddress!);

        await BodyLimitProbe.AssertProblemAsync(client.Http, HttpMethod.Post, "/webhooks/mlflow",
            BodyLimitProbe.JsonOfSize(BodyLimitProbe.ThreeMegabytes), HttpStatusCode.RequestEntityTooLarge);
        using var health = await client.Http.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(1, client.Connections);
    }

    /// <summary>A chunked body whose framing breaks after its first chunk (raw socket): the 400 problem of a body that broke off.</summary>
    [Theory]
    [InlineData("/recommend")]
    [InlineData("/webhooks/mlflow")]
    public async Task BodyBreaksOff_Is400IncompleteBodyProblem(string path)
    {
        var variant = await registry.ServingVariantAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        using var socket = await RawHttp.SendAsync(variant.Http.BaseAddress!, "POST", path,
            ["Content-Type: application/json", "Transfer-Encoding: chunked"], "2\r\n{}\r\nzz\r\n", timeout.Token);
        var (head, body) = await RawHttp.ReadAnswerAsync(socket, timeout.Token);

        Assert.True(head.StartsWith("HTTP/1.1 400 ", StringComparison.Ordinal), $"{path} answered {head}\n{body}");
        Assert.Contains("Content-Type: application/problem+json", head, StringComparison.OrdinalIgnoreCase);
        using var problem = System.Text.Json.JsonDocument.Parse(body);
        Assert.Equal("Incomplete request body", problem.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Webhook_SignedButNotJson_Is415Problem()
    {
        var variant = await registry.ServingVariantAsync();
        const string payload = "entity=model_version_alias";
        var deliveryId = Guid.NewGuid().ToString();
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var content = new StringContent(payload, Encoding.UTF8, "application/x-www-form-urlencoded");
        var headers = new Dictionary<string, string>
        {
            [MlflowWebhookSignature.DeliveryIdHeader] = deliveryId,
            [MlflowWebhookSignature.TimestampHeader] = timestamp,
            [MlflowWebhookSignature.SignatureHeader] = MlflowWebhookSignature.Sign(RegistryFixture.ServingWebhookSecret, deliveryId, timestamp, payload),
        };

        await BodyLimitProbe.AssertProblemAsync(variant.Http, HttpMethod.Post, "/webhooks/mlflow", content, HttpStatusCode.UnsupportedMediaType, headers);
    }
}
