using Bandit.TestSupport;
using Microsoft.AspNetCore.Hosting;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Bandit.Mlflow;
using Bandit.Registry;
using Bandit.Variants.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Bandit.Variants.Tests;

/// <summary>
/// No webhook secret reaches a log: the registry delivers alias events signed with a secret the variant does not
/// share (so every delivery is refused), and forged deliveries arrive directly (wrong secret, a body altered after
/// signing, no signature); every log entry of both hosts, at every level, is searched for either secret.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class SecretLoggingTests
{
    [Fact]
    public async Task RefusedAndFailedWebhooks_WithSecretsConfigured_NeverLogASecret()
    {
        // Arrange
        var variantSecret = "variant-secret-" + Guid.NewGuid().ToString("N");
        var registrySecret = "registry-secret-" + Guid.NewGuid().ToString("N");
        var registryLogs = new CapturingLoggerProvider();
        var variantLogs = new CapturingLoggerProvider();
        await using var registry = new LocalRegistryServer(configure: b =>
        {
            b.UseSetting("MLFLOW_WEBHOOK_ALLOWED_SCHEMES", "http,https");
            b.ConfigureLogging(logging =>
            {
                logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
                logging.AddProvider(registryLogs);
            });
        });
        await registry.StartAsync();
        using var http = new HttpClient { BaseAddress = registry.TrackingUri };
        var client = new MlflowClient(http);
        var name = RegistryFixture.NewModelName();
        var v1 = (await ModelPublisher.PublishAsync(client, name, TestModels.Logistic)).Version;
        await client.SetAliasAsync(name, "PolicyA", v1);
        await using var variant = new VariantsApplication(registry.TrackingUri, name, "PolicyA", pollInterval: TimeSpan.FromHours(1),
            webhookSecret: variantSecret, maxBackoff: TimeSpan.FromHours(1), logs: variantLogs);
        await variant.WaitForVersionAsync(v1, TimeSpan.FromSeconds(20));
        await CreateWebhookAsync(http, new Uri(variant.Http.BaseAddress!, "/webhooks/mlflow"), registrySecret);

        // Act: three alias moves delivered with the wrong secret, and forged deliveries sent directly.
        for (var i = 0; i < 3; i++)
        {
            await client.SetAliasAsync(name, "PolicyA", v1);
        }

        var forged = new List<HttpStatusCode>();
        foreach (var (secret, tamper) in new[] { ("guess", false), (variantSecret, true), ("", false) })
        {
            forged.Add(await ForgeAsync(variant, secret, tamper));
        }

        await WaitUntilAsync(() => variantLogs.Containing("MlflowWebhookReceiver[7006]").Count >= 6
            && registryLogs.Containing("WebhookDispatcher[10]").Count >= 3);
        var all = registryLogs.Entries.Concat(variantLogs.Entries).ToList();

        // Assert: the logs are there (down to Trace/Debug, every refusal and delivery) and hold no secret.
        Assert.All(forged, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Contains(variantLogs.Entries, e => e.StartsWith("Trace", StringComparison.Ordinal) || e.StartsWith("Debug", StringComparison.Ordinal));
        Assert.All(registryLogs.Containing("WebhookDispatcher[10]"), e => Assert.Contains("answer 401", e, StringComparison.Ordinal));
        Assert.Contains(registryLogs.Entries, e => e.StartsWith("Trace", StringComparison.Ordinal) || e.StartsWith("Debug", StringComparison.Ordinal));
        Assert.DoesNotContain(all, e => e.Contains(variantSecret, StringComparison.Ordinal));
        Assert.DoesNotContain(all, e => e.Contains(registrySecret, StringComparison.Ordinal));
    }

    private static async Task CreateWebhookAsync(HttpClient registry, Uri url, string secret)
    {
        using var response = await registry.PostAsJsonAsync("api/2.0/mlflow/webhooks", new
        {
            name = "hook-" + Guid.NewGuid().ToString("N")[..8],
            url = url.ToString(),
            events = new[] { new { entity = "MODEL_VERSION_ALIAS", action = "CREATED" } },
            secret,
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A delivery signed with <paramref name="secret"/> (none when empty); <paramref name="tamper"/> changes the body after signing.</summary>
    private static async Task<HttpStatusCode> ForgeAsync(VariantsApplication variant, string secret, bool tamper)
    {
        var payload = "{\"entity\": \"model_version_alias\", \"action\": \"created\", \"data\": {\"name\": \"x\", \"alias\": \"PolicyA\"}}";
        var deliveryId = Guid.NewGuid().ToString();
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/mlflow")
        {
            Content = new StringContent(tamper ? payload.Replace("PolicyA", "PolicyB", StringComparison.Ordinal) : payload, Encoding.UTF8, "application/json"),
        };
        if (secret.Length > 0)
        {
            request.Headers.Add(MlflowWebhookSignature.DeliveryIdHeader, deliveryId);
            request.Headers.Add(MlflowWebhookSignature.TimestampHeader, timestamp);
            request.Headers.Add(MlflowWebhookSignature.SignatureHeader, MlflowWebhookSignature.Sign(secret, deliveryId, timestamp, payload));
        }

        using var response = await variant.Http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the webhook deliveries and refusals were not all logged within 20 s");
            await Task.Delay(50);
        }
    }
}
