using System.Text;
using System.Text.Json;
using Bandit.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace Bandit.Mlflow.Watching;

/// <summary>The answer to an accepted delivery: the watchers it triggered (<c>name@alias</c>), or why none was.</summary>
public sealed record MlflowWebhookAck(IReadOnlyList<string> Triggered, string? Ignored = null);

/// <summary>
/// Receives MLflow 3 registry webhook deliveries (<c>mlflow/webhooks/delivery.py</c>): a POST whose body is
/// <c>{"entity": "model_version_alias", "action": "created"|"deleted", "timestamp": ..., "data": {"name", "alias", "version"?}}</c>
/// with the headers <c>X-MLflow-Delivery-Id</c>, <c>X-MLflow-Timestamp</c> and <c>X-MLflow-Signature</c>
/// (see <see cref="MlflowWebhookSignature"/>). A delivery for a watched <c>name@alias</c> calls
/// <see cref="AliasWatcher.Trigger"/>; the watcher then asks the registry itself, so the payload is never trusted for
/// the version. Answers:
/// <list type="bullet">
/// <item>404 problem details when no secret is configured: without a secret nothing can be authenticated, so the
/// receiver behaves as if it were not there.</item>
/// <item>401 problem details for a missing or wrong signature or a timestamp outside the replay window; no state changes.</item>
/// <item>413 for a body over <see cref="MaxBodyBytes"/>, 415 for a signed body whose Content-Type is not JSON, 400 for a signed body that is not a webhook payload.</item>
/// <item>200 <see cref="MlflowWebhookAck"/> otherwise, also for events that are not followed (so MLflow does not retry them).</item>
/// </list>
/// </summary>
public sealed class MlflowWebhookReceiver(Func<string?> secret, IReadOnlyList<AliasWatcher> watchers, ILogger<MlflowWebhookReceiver> logger, TimeProvider? timeProvider = null)
{
    /// <summary>The MLflow entity of alias events (<c>WebhookEntity.MODEL_VERSION_ALIAS</c>).</summary>
    public const string AliasEntity = "model_version_alias";

    /// <summary>Largest body accepted; MLflow's alias payloads are a few hundred bytes.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly string[] AliasActions = ["created", "deleted"];

    public async Task<Results<Ok<MlflowWebhookAck>, ProblemHttpResult>> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var key = secret();
        if (string.IsNullOrEmpty(key))
        {
            return Problem(StatusCodes.Status404NotFound, "MLflow webhooks are not enabled", "no webhook secret is configured on this service");
        }

        // Any Content-Type is read: an unauthenticated caller hears 401 whatever it sent, before anything else.
        var read = await JsonBodyReader.ReadAsync(request, MaxBodyBytes, cancellationToken, JsonMediaRule.Any);
        if (read.IsRefused)
        {
            return read.Problem;
        }

        var body = Encoding.UTF8.GetString(read.Bytes); // verified as sent: the signature covers these bytes
        var headers = request.Headers;
        var deliveryId = headers[MlflowWebhookSignature.DeliveryIdHeader].ToString();
        var timestamp = headers[MlflowWebhookSignature.TimestampHeader].ToString();
        var signature = headers[MlflowWebhookSignature.SignatureHeader].ToString();
        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        if (!MlflowWebhookSignature.Verify(key, deliveryId, timestamp, body, signature, now: now))
        {
            AliasWatcherLog.WebhookRefused(logger, "bad or missing signature, or a timestamp outside the replay window");
            return Problem(StatusCodes.Status401Unauthorized, "Invalid webhook signature",
                $"{MlflowWebhookSignature.SignatureHeader} does not sign this delivery with the configured secret, or {MlflowWebhookSignature.TimestampHeader} is outside the replay window");
        }

        if (!JsonMediaType.IsAcceptable(request.ContentType))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"a webhook delivery is JSON (Content-Type application/json), not {request.ContentType}");
        }

        if (!TryParse(body, out var entity, out var action, out var name, out var alias))
        {
            return Problem(StatusCodes.Status400BadRequest, "Not an MLflow webhook payload", "expected {\"entity\", \"action\", \"data\": {\"name\", \"alias\"}}");
        }

        if (!string.Equals(entity, AliasEntity, StringComparison.OrdinalIgnoreCase) || !AliasActions.Contains(action, StringComparer.OrdinalIgnoreCase))
        {
            return TypedResults.Ok(new MlflowWebhookAck([], $"{entity} {action} events are not followed"));
        }

        var triggered = new List<string>();
        foreach (var watcher in watchers.Where(w => w.ModelName == name && w.Alias == alias))
        {
            watcher.Trigger();
            triggered.Add($"{watcher.ModelName}@{watcher.Alias}");
            AliasWatcherLog.WebhookTriggered(logger, deliveryId, entity, action, triggered[^1]);
        }

        return TypedResults.Ok(new MlflowWebhookAck(triggered, triggered.Count == 0 ? $"{name}@{alias} is not followed here" : null));
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    private static bool TryParse(string body, out string entity, out string action, out string? name, out string? alias)
    {
        entity = action = "";
        name = alias = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("entity", out var e) || e.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("action", out var a) || a.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            entity = e.GetString()!;
            action = a.GetString()!;
            if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
            {
                name = data.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                alias = data.TryGetProperty("alias", out var al) && al.ValueKind == JsonValueKind.String ? al.GetString() : null;
            }

            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: well-formed JSON whose strings cannot be read (an escaped lone surrogate).
            return false;
        }
    }
}
