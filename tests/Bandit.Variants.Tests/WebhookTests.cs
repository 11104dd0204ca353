using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bandit.Mlflow;
using Bandit.Variants.Tests.Support;

namespace Bandit.Variants.Tests;

/// <summary>
/// MLflow registry webhooks as a faster trigger than polling: the service polls once an hour here, so only a
/// verified delivery can make it see the alias move within seconds.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class WebhookTests(RegistryFixture registry)
{
    private const string Secret = "test-webhook-secret";
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task Webhook_ValidSignature_ReloadsWithoutWaitingForThePoll()
    {
        // Arrange
        var (name, versions, variant) = await StartAsync(Secret);
        await using var _ = variant;
        await registry.Client.SetAliasAsync(name, "PolicyA", versions[1]);

        // Act
        using var response = await DeliverAsync(variant, Secret, AliasPayload(name, "PolicyA", "created", versions[1]));
        var ack = await response.Content.ReadFromJsonAsync<JsonElement>();
        var info = await variant.WaitForVersionAsync(versions[1], TimeSpan.FromSeconds(5));

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{name}@PolicyA", ack.GetProperty("triggered")[0].GetString());
        Assert.Equal(versions[1], info.ModelVersion);
    }

    [Theory]
    [InlineData("wrong-secret", 0)]
    [InlineData(Secret, -600)]
    [InlineData(Secret, 600)]
    public async Task Webhook_BadSignatureOrStaleTimestamp_Returns401AndChangesNothing(string signingSecret, int skewSeconds)
    {
        // Arrange
        var (name, versions, variant) = await StartAsync(Secret);
        await using var _ = variant;
        await registry.Client.SetAliasAsync(name, "PolicyA", versions[1]);
        var polls = variant.Watcher.PollCount;

        // Act
        using var response = await DeliverAsync(variant, signingSecret, AliasPayload(name, "PolicyA", "created", versions[1]), skewSeconds);
        await Task.Delay(1000);
        var info = await variant.GetModelAsync();

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(polls, variant.Watcher.PollCount);
        Assert.Equal(versions[0], info.ModelVersion);
    }

    [Fact]
    public async Task Webhook_MissingSignatureHeaders_Returns401()
    {
        var (name, versions, variant) = await StartAsync(Secret);
        await using var _ = variant;

        using var content = new StringContent(AliasPayload(name, "PolicyA", "created", versions[1]), Encoding.UTF8, "application/json");
        using var response = await variant.Http.PostAsync("/webhooks/mlflow", content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Webhook_NoSecretConfigured_Returns404()
    {
        var (name, versions, variant) = await StartAsync(secret: null);
        await using var _ = variant;

        using var response = await DeliverAsync(variant, Secret, AliasPayload(name, "PolicyA", "created", versions[1]));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("model_version_alias", "created", "PolicyB")]
    [InlineData("model_version", "created", "PolicyA")]
    [InlineData("model_version_tag", "set", "PolicyA")]
    public async Task Webhook_EventNotFollowed_Acknowledges200WithoutPolling(string entity, string action, string alias)
    {
        // Arrange
        var (name, versions, variant) = await StartAsync(Secret);
        await using var _ = variant;
        var polls = variant.Watcher.PollCount;

        // Act
        using var response = await DeliverAsync(variant, Secret, Payload(entity, action, name, alias, versions[1]));
        var ack = await response.Content.ReadFromJsonAsync<JsonElement>();
        await Task.Delay(500);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, ack.GetProperty("triggered").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(ack.GetProperty("ignored").GetString()));
        Assert.Equal(polls, variant.Watcher.PollCount);
    }

    [Fact]
    public async Task Webhook_SignedButNotAWebhookPayload_Returns400()
    {
        var (_, _, variant) = await StartAsync(Secret);
        await using var __ = variant;

        using var response = await DeliverAsync(variant, Secret, "{\"hello\": \"world\"}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A model with two versions, alias PolicyA on the first, and a variant serving it that polls hourly.</summary>
    private async Task<(string Name, string[] Versions, VariantsApplication Variant)> StartAsync(string? secret)
    {
        var name = RegistryFixture.NewModelName();
        var versions = (await registry.PublishAsync(name, TestModels.Logistic, TestModels.LightGbm)).Select(v => v.Version).ToArray();
        await registry.Client.SetAliasAsync(name, "PolicyA", versions[0]);
        var variant = new VariantsApplication(registry.TrackingUri, name, "PolicyA", pollInterval: Hour, webhookSecret: secret, maxBackoff: Hour);
        await variant.WaitForVersionAsync(versions[0], TimeSpan.FromSeconds(10));
        return (name, versions, variant);
    }

    /// <summary>What MLflow's <c>_send_webhook_request</c> sends: <c>json.dumps</c> of entity, action, timestamp and data.</summary>
    private static string AliasPayload(string name, string alias, string action, string version) =>
        Payload("model_version_alias", action, name, alias, version);

    private static string Payload(string entity, string action, string name, string alias, string version) =>
        $"{{\"entity\": \"{entity}\", \"action\": \"{action}\", \"timestamp\": \"{DateTimeOffset.UtcNow:O}\", " +
        $"\"data\": {{\"name\": \"{name}\", \"alias\": \"{alias}\", \"version\": \"{version}\"}}}}";

    private static Task<HttpResponseMessage> DeliverAsync(VariantsApplication variant, string secret, string payload, int skewSeconds = 0)
    {
        var deliveryId = Guid.NewGuid().ToString();
        var timestamp = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + skewSeconds).ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/mlflow") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add(MlflowWebhookSignature.DeliveryIdHeader, deliveryId);
        request.Headers.Add(MlflowWebhookSignature.TimestampHeader, timestamp);
        request.Headers.Add(MlflowWebhookSignature.SignatureHeader, MlflowWebhookSignature.Sign(secret, deliveryId, timestamp, payload));
        return variant.Http.SendAsync(request);
    }
}
