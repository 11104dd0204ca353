using Bandit.Allocation;
using Bandit.Ui.Extensions;
using Bandit.Ui.Registry;
using Bandit.Ui.Routing;
using Bandit.Ui.TryIt;
using Bandit.Ui.Upstream;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Bandit.Ui.Pages.Models;

/// <summary>
/// The registry: what each arm serves, the registered models with their versions, offline metrics and aliases, and
/// the Router's allocation. Promoting (moving an alias) and switching the strategy go through confirmation pages.
/// </summary>
public sealed class IndexModel(ModelCatalog catalog, RouterClient router, ServedVersions served, IOptions<UiOptions> options, ILogger<IndexModel> logger)
    : PageModel
{
    public UiOptions Options { get; } = options.Value;

    public IReadOnlyList<ModelView> RegisteredModels { get; private set; } = [];

    public RouterStats? Stats { get; private set; }

    public RouterConfigInfo? Config { get; private set; }

    public string? MlflowProblem { get; private set; }

    public string? RouterProblem { get; private set; }

    public Uri TrackingUri => catalog.TrackingUri;

    public IReadOnlyList<string> Strategies => StrategyNames.All;

    [TempData]
    public string? Notice { get; set; }

    public ModelView? PolicyModel => RegisteredModels.FirstOrDefault(m => m.Model.Name == Options.ModelName);

    public ServedVersion? LastServed(string arm) => served.For(arm);

    /// <summary>The aliases a version of <paramref name="model"/> can be promoted to: the policy aliases, or the model's own.</summary>
    public IReadOnlyList<string> AliasesFor(ModelView model) =>
        model.Model.Name == Options.ModelName
            ? [.. Options.PolicyAliases.Union(model.Model.Aliases.Select(a => a.Alias)).Distinct()]
            : model.Model.Name == Options.RouterModelName ? ["router"] : [.. model.Model.Aliases.Select(a => a.Alias).Distinct()];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var models = Task.Run(() => catalog.GetModelsAsync(cancellationToken), cancellationToken);
        try
        {
            Stats = await router.GetStatsAsync(cancellationToken);
            Config = await router.GetConfigAsync(cancellationToken);
        }
        catch (UpstreamException e)
        {
            UiLog.UpstreamFailed(logger, e.Service, "Models", e.Message);
            RouterProblem = e.Message;
        }

        try
        {
            RegisteredModels = await models;
        }
        catch (UpstreamException e)
        {
            UiLog.UpstreamFailed(logger, e.Service, "Models", e.Message);
            MlflowProblem = e.Message;
        }
    }
}

/// <summary>The model of the <c>_ModelVersions</c> partial: the page (options, aliases) and one registered model.</summary>
public sealed record ModelVersionsPartial(IndexModel Page, ModelView View);
