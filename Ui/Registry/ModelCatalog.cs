using Bandit.Mlflow;
using Bandit.Mlflow.Promotions;
using Bandit.Ui.Extensions;
using Bandit.Ui.Upstream;
using Microsoft.Extensions.Options;

namespace Bandit.Ui.Registry;

/// <summary>
/// The registry as the Models page shows it — registered models, versions with their runs' offline metrics,
/// aliases. Read only: the Ui never writes the registry (a promotion is the Router's <c>POST /admin/promote</c>).
/// Through <see cref="MlflowClient"/>; failures become <see cref="UpstreamException"/>s with a readable message.
/// </summary>
public sealed class ModelCatalog(MlflowClient mlflow, IOptions<UiOptions> options)
{
    /// <summary>Versions shown per model (the newest); the page says how many there are in all.</summary>
    public const int VersionsShown = 25;

    private readonly UiOptions _options = options.Value;

    public Uri TrackingUri => mlflow.TrackingUri;

    /// <summary>The policy model and the router-config model first, then any other registered model.</summary>
    public Task<IReadOnlyList<ModelView>> GetModelsAsync(CancellationToken cancellationToken = default) => Call(async () =>
    {
        var page = await mlflow.SearchRegisteredModelsAsync(maxResults: 100, cancellationToken: cancellationToken);
        var ordered = page.RegisteredModels
            .OrderBy(m => m.Name == _options.ModelName ? 0 : m.Name == _options.RouterModelName ? 1 : 2)
            .ThenBy(m => m.Name, StringComparer.Ordinal);
        var views = new List<ModelView>();
        foreach (var model in ordered)
        {
            var versions = await mlflow.SearchAllModelVersionsAsync(model.Name, cancellationToken: cancellationToken);
            var shown = versions.OrderByDescending(v => v.VersionNumber).Take(VersionsShown).ToList();
            var withRuns = await Task.WhenAll(shown.Select(v => WithRunAsync(v, cancellationToken)));
            views.Add(new ModelView(model, withRuns, versions.Count));
        }

        return (IReadOnlyList<ModelView>)views;
    });

    /// <summary>One version with its run, or null when it does not exist.</summary>
    public Task<VersionView?> FindVersionAsync(string model, string version, CancellationToken cancellationToken = default) => Call(async () =>
    {
        try
        {
            var found = await mlflow.GetModelVersionAsync(model, version, cancellationToken);
            return (VersionView?)await WithRunAsync(found, cancellationToken);
        }
        catch (MlflowException e) when (e.IsNotFound || e.IsInvalidParameter)
        {
            return null;
        }
    });

    /// <summary>The version <paramref name="alias"/> points at, or null when the alias is not set.</summary>
    public Task<string?> GetAliasTargetAsync(string model, string alias, CancellationToken cancellationToken = default) => Call(async () =>
        (await mlflow.TryGetModelVersionByAliasAsync(model, alias, cancellationToken))?.Version);

    /// <summary>Every alias of <paramref name="model"/> and its version (one registry call); empty when the model does not exist.</summary>
    public Task<IReadOnlyDictionary<string, string>> GetAliasTargetsAsync(string model, CancellationToken cancellationToken = default) => Call(async () =>
        (IReadOnlyDictionary<string, string>)((await mlflow.GetRegisteredModelAsync(model, cancellationToken))?.Aliases
            .ToDictionary(a => a.Alias, a => a.Version, StringComparer.Ordinal) ?? []));

    /// <summary>The audit trail of alias moves (the <c>promotions</c> experiment's runs, via <c>runs/search</c>), newest first.</summary>
    public Task<IReadOnlyList<PromotionRecord>> GetPromotionsAsync(int max, CancellationToken cancellationToken = default) => Call(() =>
        new PromotionJournal(mlflow).ListAsync(null, max, cancellationToken));

    /// <summary>A run by id, or null when it is gone.</summary>
    public Task<Run?> FindRunAsync(string runId, CancellationToken cancellationToken = default) => Call(async () =>
    {
        try
        {
            return (Run?)await mlflow.GetRunAsync(runId, cancellationToken);
        }
        catch (MlflowException e) when (e.IsNotFound || e.IsInvalidParameter)
        {
            return null;
        }
    });

    private async Task<VersionView> WithRunAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(version.RunId))
        {
            return new VersionView(version, null, null);
        }

        try
        {
            return new VersionView(version, await mlflow.GetRunAsync(version.RunId, cancellationToken), null);
        }
        catch (MlflowException e)
        {
            // One unreadable run should not hide the whole table.
            return new VersionView(version, null, $"run {version.RunId}: {UpstreamErrors.Trim(e.MlflowMessage)}");
        }
    }

    private async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is not UpstreamException && UpstreamErrors.IsCallFailure(e))
        {
            throw UpstreamErrors.Describe(UpstreamErrors.Mlflow, mlflow.TrackingUri, e);
        }
    }
}
