using Bandit.Mlflow.Watching;
using Bandit.Variants.Extensions;
using Bandit.Variants.Model;
using Bandit.Variants.Serving;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Bandit.Variants.Apis;

/// <summary><c>GET /model</c>: the version in service, where it came from, and how following the alias goes.</summary>
public static class ModelApi
{
    public static IEndpointRouteBuilder MapModelApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").WithTags("Model");
        api.MapGet("/model", GetModel).WithName("GetModel");
        return app;
    }

    public static Ok<ModelInfo> GetModel(ModelHolder holder, AliasWatcher watcher, IOptions<VariantOptions> options)
    {
        var model = holder.Current;
        var registry = watcher.Snapshot;
        var failure = holder.LastFailure;
        return TypedResults.Ok(new ModelInfo(
            options.Value.ModelName,
            options.Value.Alias,
            model is not null,
            model?.Version.Version,
            model?.RunId,
            model?.LoadedAt,
            model?.Flavor.FeatureSpecVersion,
            model?.Flavor.Policy,
            model?.Flavor.Trainer,
            model?.Flavor.MlnetVersion,
            model?.State.CatalogueIds.Count,
            model?.Ranker.Engine,
            new RegistryInfo(registry.Status.ToString(), registry.Current?.Version, registry.LastPollAt, registry.PollError ?? registry.HandlerError, registry.UnreachableSince),
            failure is null ? null : new LoadErrorInfo(failure.Version, failure.Message, failure.At)));
    }
}
