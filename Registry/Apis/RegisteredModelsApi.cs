using Bandit.Registry.Infrastructure;
using Bandit.Registry.Model;
using Bandit.Registry.Storage;
using Bandit.Registry.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bandit.Registry.Apis;

/// <summary>Registered models and their aliases: <c>/api/2.0/mlflow/registered-models/*</c>.</summary>
public static class RegisteredModelsApi
{
    public static IEndpointRouteBuilder MapRegisteredModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/2.0/mlflow/registered-models").WithTags("Registered models");
        api.MapPost("/create", CreateRegisteredModel);
        api.MapGet("/get", GetRegisteredModel);
        api.MapGet("/search", SearchRegisteredModels);
        api.MapPost("/alias", SetAlias);
        api.MapDelete("/alias", DeleteAlias);
        api.MapGet("/alias", GetModelVersionByAlias);
        return app;
    }

    public static async Task<Ok<RegisteredModelResponse>> CreateRegisteredModel(RequestArgs args, ModelRegistryStore store, WebhookDispatcher webhooks, CancellationToken cancellationToken)
    {
        var name = args.Required("name");
        var model = await store.CreateRegisteredModelAsync(name, args.Optional("description"), args.Objects("tags", RequestArgs.KeyValue), cancellationToken);
        webhooks.Publish(WebhookEvents.RegisteredModelCreated(model));
        return TypedResults.Ok(new RegisteredModelResponse(model));
    }

    public static async Task<Ok<RegisteredModelResponse>> GetRegisteredModel(RequestArgs args, ModelRegistryStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new RegisteredModelResponse(await store.GetRegisteredModelAsync(args.Required("name"), cancellationToken)));

    /// <summary>Filters on <c>name</c> (=, !=, LIKE, ILIKE) and <c>tags.&lt;key&gt;</c>; default order name ASC, 100 per page.</summary>
    public static async Task<Ok<RegisteredModelsResponse>> SearchRegisteredModels(RequestArgs args, ModelRegistryStore store, CancellationToken cancellationToken)
    {
        var max = Validation.MaxResults(args.OptionalLong("max_results"), 100, Validation.MaxRegisteredModelsPerSearch);
        var (models, next) = await store.SearchRegisteredModelsAsync(args.Optional("filter"), max, args.Strings("order_by"), args.Optional("page_token"), cancellationToken);
        return TypedResults.Ok(new RegisteredModelsResponse(models.NullIfEmpty(), next));
    }

    public static async Task<Ok<EmptyResponse>> SetAlias(RequestArgs args, ModelRegistryStore store, WebhookDispatcher webhooks, CancellationToken cancellationToken)
    {
        var (name, alias, version) = (args.Required("name"), args.Required("alias"), args.Required("version"));
        await store.SetAliasAsync(name, alias, version, cancellationToken);
        webhooks.Publish(WebhookEvents.AliasCreated(name, alias, version));
        return TypedResults.Ok(new EmptyResponse());
    }

    /// <summary>Reads its JSON body (MLflow does; a query string alone is a missing name).</summary>
    public static async Task<Ok<EmptyResponse>> DeleteAlias(RequestArgs args, ModelRegistryStore store, WebhookDispatcher webhooks, CancellationToken cancellationToken)
    {
        var (name, alias) = (args.Required("name"), args.Required("alias"));
        await store.DeleteAliasAsync(name, alias, cancellationToken);
        webhooks.Publish(WebhookEvents.AliasDeleted(name, alias));
        return TypedResults.Ok(new EmptyResponse());
    }

    public static async Task<Ok<ModelVersionResponse>> GetModelVersionByAlias(RequestArgs args, ModelRegistryStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ModelVersionResponse(await store.GetModelVersionByAliasAsync(args.Required("name"), args.Required("alias"), cancellationToken)));
}
