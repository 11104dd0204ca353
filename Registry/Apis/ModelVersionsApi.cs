using Bandit.Registry.Infrastructure;
using Bandit.Registry.Model;
using Bandit.Registry.Storage;
using Bandit.Registry.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bandit.Registry.Apis;

/// <summary>Model versions: <c>/api/2.0/mlflow/model-versions/*</c>.</summary>
public static class ModelVersionsApi
{
    public static IEndpointRouteBuilder MapModelVersionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/2.0/mlflow/model-versions").WithTags("Model versions");
        api.MapPost("/create", CreateModelVersion);
        api.MapGet("/get", GetModelVersion);
        api.MapGet("/search", SearchModelVersions);
        api.MapGet("/get-download-uri", GetDownloadUri);
        api.MapPost("/set-tag", SetModelVersionTag);
        return app;
    }

    /// <summary>Versions are READY at once: nothing is copied, the source is where the files stay.</summary>
    public static async Task<Ok<ModelVersionResponse>> CreateModelVersion(RequestArgs args, ModelRegistryStore store, WebhookDispatcher webhooks, CancellationToken cancellationToken)
    {
        var name = args.Required("name");
        var source = args.Required("source");
        Validation.ModelVersionSource(source);
        var version = await store.CreateModelVersionAsync(new NewModelVersion(name, source, args.Optional("run_id") ?? "", args.Optional("run_link") ?? "",
            args.Optional("description") ?? "", args.Objects("tags", RequestArgs.KeyValue)), cancellationToken);
        webhooks.Publish(WebhookEvents.ModelVersionCreated(version));
        return TypedResults.Ok(new ModelVersionResponse(version));
    }

    public static async Task<Ok<ModelVersionResponse>> GetModelVersion(RequestArgs args, ModelRegistryStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ModelVersionResponse(await store.GetModelVersionAsync(args.Required("name"), args.Required("version"), cancellationToken)));

    /// <summary>
    /// Filters on <c>name</c>, <c>run_id</c>, <c>source_path</c>, <c>version_number</c> and <c>tags.&lt;key&gt;</c>; default order
    /// last_updated_timestamp DESC, name ASC, version_number DESC; up to 200,000 per page (default 200,000, as MLflow's proto says).
    /// </summary>
    public static async Task<Ok<ModelVersionsResponse>> SearchModelVersions(RequestArgs args, ModelRegistryStore store, CancellationToken cancellationToken)
    {
        var max = Validation.MaxResults(args.OptionalLong("max_results"), Validation.MaxModelVersionsPerSearch, Validation.MaxModelVersionsPerSearch);
        var (versions, next) = await store.SearchModelVersionsAsync(args.Optional("filter"), max, args.Strings("order_by"), args.Optional("page_token"), cancellationToken);
        return TypedResults.Ok(new ModelVersionsResponse(versions.NullIfEmpty(), next));
    }

    public static async Task<Ok<ArtifactUriResponse>> GetDownloadUri(RequestArgs args, ModelRegistryStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ArtifactUriResponse(await store.GetDownloadUriAsync(args.Required("name"), args.Required("version"), cancellationToken)));

    public static async Task<Ok<EmptyResponse>> SetModelVersionTag(RequestArgs args, ModelRegistryStore store, WebhookDispatcher webhooks, CancellationToken cancellationToken)
    {
        var (name, version, key, value) = (args.Required("name"), args.Required("version"), args.Required("key"), args.Optional("value") ?? "");
        await store.SetModelVersionTagAsync(name, version, key, value, cancellationToken);
        webhooks.Publish(WebhookEvents.ModelVersionTagSet(name, version, key, value));
        return TypedResults.Ok(new EmptyResponse());
    }
}
