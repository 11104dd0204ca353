using Bandit.Registry.Infrastructure;
using Bandit.Registry.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bandit.Registry.Apis;

/// <summary>
/// MLflow 3.3+ registry webhooks: <c>/api/2.0/mlflow/webhooks</c> (create, list, get, delete). URLs must use a scheme
/// listed in <c>MLFLOW_WEBHOOK_ALLOWED_SCHEMES</c> (default <c>https</c>, as in MLflow).
/// </summary>
public static class WebhooksApi
{
    public const string AllowedSchemesKey = "MLFLOW_WEBHOOK_ALLOWED_SCHEMES";

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/2.0/mlflow/webhooks").WithTags("Webhooks");
        api.MapPost("", CreateWebhook);
        api.MapGet("", ListWebhooks);
        api.MapGet("/{webhookId}", GetWebhook);
        api.MapDelete("/{webhookId}", DeleteWebhook);
        return app;
    }

    public static async Task<Ok<WebhookResponse>> CreateWebhook(RequestArgs args, WebhookStore store, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var name = args.Required("name");
        var url = args.Required("url");
        var allowed = (configuration[AllowedSchemesKey] ?? "https").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !allowed.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            throw RegistryException.Invalid($"Invalid webhook URL scheme: '{(uri?.Scheme ?? url)}'. Allowed schemes are: {string.Join(", ", allowed)}.");
        }

        var events = args.Objects("events", ReadEvent);
        if (events.Count == 0)
        {
            throw RegistryException.Missing("events");
        }

        var status = args.Optional("status") ?? "ACTIVE";
        if (status is not ("ACTIVE" or "DISABLED"))
        {
            throw RegistryException.Invalid($"Invalid webhook status: '{status}'.");
        }

        var webhook = await store.CreateAsync(name, args.Optional("description"), url, events, args.Optional("secret"), status, cancellationToken);
        return TypedResults.Ok(new WebhookResponse(webhook));
    }

    public static async Task<Ok<WebhooksResponse>> ListWebhooks(WebhookStore store, CancellationToken cancellationToken)
    {
        var webhooks = await store.ListAsync(cancellationToken);
        return TypedResults.Ok(new WebhooksResponse(webhooks.Count == 0 ? null : webhooks, null));
    }

    public static async Task<Ok<WebhookResponse>> GetWebhook(string webhookId, WebhookStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new WebhookResponse(await store.GetAsync(webhookId, cancellationToken)));

    public static async Task<Ok<Model.EmptyResponse>> DeleteWebhook(string webhookId, WebhookStore store, CancellationToken cancellationToken)
    {
        await store.DeleteAsync(webhookId, cancellationToken);
        return TypedResults.Ok(new Model.EmptyResponse());
    }

    private static WebhookEventDto ReadEvent(System.Text.Json.JsonElement item, string path)
    {
        var entity = RequestArgs.ItemString(item, "entity", path) ?? throw RegistryException.Missing($"{path}.entity");
        var action = RequestArgs.ItemString(item, "action", path) ?? throw RegistryException.Missing($"{path}.action");
        return WebhookEvents.Valid.TryGetValue(entity, out var actions) && actions.Contains(action)
            ? new WebhookEventDto(entity, action)
            : throw RegistryException.Invalid($"Invalid webhook event {entity}.{action}: the local registry supports {string.Join(", ", WebhookEvents.Valid.SelectMany(kv => kv.Value.Select(a => $"{kv.Key}.{a}")))}.");
    }
}
