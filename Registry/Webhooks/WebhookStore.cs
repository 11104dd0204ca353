using System.Text.Json;
using Bandit.Registry.Infrastructure;
using Bandit.Registry.Storage;
using Microsoft.Data.Sqlite;

namespace Bandit.Registry.Webhooks;

/// <summary>Webhooks in the registry's SQLite database.</summary>
public sealed class WebhookStore(Db db, TimeProvider clock)
{
    private const string Columns = "webhook_id, name, description, url, events, status, creation_time, last_updated_time, secret";

    public Task<WebhookDto> CreateAsync(string name, string? description, string url, IReadOnlyList<WebhookEventDto> events, string? secret, string status, CancellationToken cancellationToken) =>
        db.WriteAsync(async (c, tx) =>
        {
            var id = Guid.NewGuid().ToString();
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            await c.ExecuteAsync($"INSERT INTO webhooks ({Columns}) VALUES ($id, $n, $d, $u, $e, $s, $t, $t, $secret)", tx,
                ("$id", id), ("$n", name), ("$d", description), ("$u", url), ("$e", JsonSerializer.Serialize(events.Select(e => new[] { e.Entity, e.Action }))),
                ("$s", status), ("$t", now), ("$secret", secret));
            return new WebhookDto(id, name, description, url, events, status, now, now);
        }, cancellationToken);

    public async Task<List<WebhookDto>> ListAsync(CancellationToken cancellationToken) =>
        (await ReadAllAsync(cancellationToken)).Select(w => w.Webhook).ToList();

    public async Task<WebhookDto> GetAsync(string webhookId, CancellationToken cancellationToken) =>
        (await ReadAllAsync(cancellationToken)).FirstOrDefault(w => w.Webhook.WebhookId == webhookId).Webhook
            ?? throw RegistryException.NotFound($"Webhook with ID {webhookId} not found.");

    public Task DeleteAsync(string webhookId, CancellationToken cancellationToken) =>
        db.WriteAsync(async (c, tx) =>
        {
            return await c.ExecuteAsync("DELETE FROM webhooks WHERE webhook_id = $id", tx, ("$id", webhookId)) > 0
                ? true
                : throw RegistryException.NotFound($"Webhook with ID {webhookId} not found.");
        }, cancellationToken);

    /// <summary>Active webhooks subscribed to this entity and action.</summary>
    public async Task<List<WebhookTarget>> SubscribersAsync(string entity, string action, CancellationToken cancellationToken) =>
        (await ReadAllAsync(cancellationToken))
            .Where(w => w.Webhook.Status == "ACTIVE" && w.Webhook.Events.Contains(new WebhookEventDto(entity, action)))
            .Select(w => new WebhookTarget(w.Webhook.WebhookId, w.Webhook.Url, w.Secret, w.Webhook.Events))
            .ToList();

    private Task<List<(WebhookDto Webhook, string? Secret)>> ReadAllAsync(CancellationToken cancellationToken) =>
        db.ReadAsync(async c =>
            await c.QueryAsync($"SELECT {Columns} FROM webhooks ORDER BY creation_time DESC", null, Read), cancellationToken);

    private static (WebhookDto, string?) Read(SqliteDataReader r)
    {
        var events = JsonSerializer.Deserialize<string[][]>(r.GetString(4))!.Select(e => new WebhookEventDto(e[0], e[1])).ToList();
        return (new WebhookDto(r.GetString(0), r.GetString(1), r.NullableString(2), r.GetString(3), events, r.GetString(5), r.GetInt64(6), r.GetInt64(7)),
            r.NullableString(8));
    }
}
