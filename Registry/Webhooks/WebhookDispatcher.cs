using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Bandit.Registry.Webhooks;

/// <summary>
/// Delivers registry events to subscribed webhooks in the background, as MLflow 3.3+ does
/// (<c>mlflow/webhooks/delivery.py</c>): a POST of <c>{"entity","action","timestamp","data"}</c> with
/// <c>X-MLflow-Delivery-Id</c>, <c>X-MLflow-Timestamp</c> and, when the webhook has a secret,
/// <c>X-MLflow-Signature: v1,base64(HMAC-SHA256(secret, "{delivery_id}.{timestamp}.{payload}"))</c>.
/// Requests that change the registry never wait for deliveries; the HttpClient's resilience handler retries transient failures.
/// </summary>
public sealed class WebhookDispatcher(WebhookStore store, IHttpClientFactory httpFactory, TimeProvider clock, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    private readonly Channel<RegistryEvent> _events = Channel.CreateBounded<RegistryEvent>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });

    /// <summary>Queues an event; never blocks the caller.</summary>
    public void Publish(RegistryEvent registryEvent) => _events.Writer.TryWrite(registryEvent);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var registryEvent in _events.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                foreach (var target in await store.SubscribersAsync(registryEvent.Entity, registryEvent.Action, stoppingToken))
                {
                    await DeliverAsync(target, registryEvent, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                WebhookLog.DeliveryFailed(logger, registryEvent.Entity, registryEvent.Action, e);
            }
        }
    }

    private async Task DeliverAsync(WebhookTarget target, RegistryEvent registryEvent, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["entity"] = registryEvent.Entity.ToLowerInvariant(),
            ["action"] = registryEvent.Action.ToLowerInvariant(),
            ["timestamp"] = clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture),
            ["data"] = registryEvent.Data,
        });
        var deliveryId = Guid.NewGuid().ToString();
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-MLflow-Delivery-Id", deliveryId);
        request.Headers.Add("X-MLflow-Timestamp", timestamp);
        if (!string.IsNullOrEmpty(target.Secret))
        {
            var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(target.Secret), Encoding.UTF8.GetBytes($"{deliveryId}.{timestamp}.{payload}"));
            request.Headers.Add("X-MLflow-Signature", "v1," + Convert.ToBase64String(mac));
        }

        try
        {
            using var response = await httpFactory.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            WebhookLog.Delivered(logger, target.WebhookId, registryEvent.Entity, registryEvent.Action, (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            WebhookLog.DeliveryFailed(logger, registryEvent.Entity, registryEvent.Action, e);
        }
    }
}

internal static partial class WebhookLog
{
    [LoggerMessage(10, LogLevel.Information, "Webhook {WebhookId}: delivered {Entity}.{Action}, answer {Status}")]
    public static partial void Delivered(ILogger logger, string webhookId, string entity, string action, int status);

    [LoggerMessage(11, LogLevel.Warning, "Webhook delivery of {Entity}.{Action} failed")]
    public static partial void DeliveryFailed(ILogger logger, string entity, string action, Exception exception);
}
