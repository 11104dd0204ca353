namespace Bandit.Registry.Webhooks;

/// <summary>A registry webhook as MLflow 3.3+ describes it (the secret is never sent back).</summary>
public sealed record WebhookDto(string WebhookId, string Name, string? Description, string Url, IReadOnlyList<WebhookEventDto> Events,
    string Status, long CreationTimestamp, long LastUpdatedTimestamp);

/// <summary>An entity/action pair, by MLflow's enum names (<c>MODEL_VERSION_ALIAS</c>, <c>CREATED</c>).</summary>
public sealed record WebhookEventDto(string Entity, string Action);

public sealed record WebhookResponse(WebhookDto Webhook);

public sealed record WebhooksResponse(IReadOnlyList<WebhookDto>? Webhooks, string? NextPageToken);

/// <summary>A stored webhook with its secret, for delivery.</summary>
public sealed record WebhookTarget(string WebhookId, string Url, string? Secret, IReadOnlyList<WebhookEventDto> Events);

/// <summary>Something that happened in the registry, to deliver to the webhooks subscribed to it.</summary>
public sealed record RegistryEvent(string Entity, string Action, IReadOnlyDictionary<string, object?> Data);

/// <summary>The events the local registry delivers (MLflow's <c>VALID_ENTITY_ACTIONS</c> without prompts).</summary>
public static class WebhookEvents
{
    public static readonly IReadOnlyDictionary<string, string[]> Valid = new Dictionary<string, string[]>
    {
        ["REGISTERED_MODEL"] = ["CREATED"],
        ["MODEL_VERSION"] = ["CREATED"],
        ["MODEL_VERSION_TAG"] = ["SET", "DELETED"],
        ["MODEL_VERSION_ALIAS"] = ["CREATED", "DELETED"],
    };

    public static RegistryEvent AliasCreated(string name, string alias, string version) =>
        new("MODEL_VERSION_ALIAS", "CREATED", new Dictionary<string, object?> { ["name"] = name, ["alias"] = alias, ["version"] = version });

    public static RegistryEvent AliasDeleted(string name, string alias) =>
        new("MODEL_VERSION_ALIAS", "DELETED", new Dictionary<string, object?> { ["name"] = name, ["alias"] = alias });

    public static RegistryEvent ModelVersionCreated(Model.ModelVersionDto v) =>
        new("MODEL_VERSION", "CREATED", new Dictionary<string, object?>
        {
            ["name"] = v.Name, ["version"] = v.Version, ["source"] = v.Source, ["run_id"] = v.RunId.Length > 0 ? v.RunId : null,
            ["tags"] = (v.Tags ?? []).ToDictionary(t => t.Key, t => t.Value), ["description"] = v.Description.Length > 0 ? v.Description : null,
        });

    public static RegistryEvent RegisteredModelCreated(Model.RegisteredModelDto m) =>
        new("REGISTERED_MODEL", "CREATED", new Dictionary<string, object?>
        {
            ["name"] = m.Name, ["tags"] = (m.Tags ?? []).ToDictionary(t => t.Key, t => t.Value), ["description"] = m.Description,
        });

    public static RegistryEvent ModelVersionTagSet(string name, string version, string key, string value) =>
        new("MODEL_VERSION_TAG", "SET", new Dictionary<string, object?> { ["name"] = name, ["version"] = version, ["key"] = key, ["value"] = value });
}
