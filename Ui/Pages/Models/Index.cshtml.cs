using Bandit.Contracts;
using Bandit.Mlflow.Promotions;
using Bandit.Ui.Extensions;
using Bandit.Ui.Operators;
using Bandit.Ui.Registry;
using Bandit.Ui.Routing;
using Bandit.Ui.Upstream;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Bandit.Ui.Pages.Models;

/// <summary>
/// The registry: what each arm serves (alias → version, with an A/A warning when two arms serve one version), the
/// registered models with their versions, offline metrics and aliases, and the Router's allocation. Promoting and
/// switching the strategy go through confirmation pages behind sign-in; this page is open to everyone.
/// </summary>
public sealed class IndexModel(ModelCatalog catalog, RouterClient router, IOptions<UiOptions> options, ILogger<IndexModel> logger)
    : PageModel
{
    public UiOptions Options { get; } = options.Value;

    public IReadOnlyList<ModelView> RegisteredModels { get; private set; } = [];

    public RouterStats? Stats { get; private set; }

    public RouterConfigInfo? Config { get; private set; }

    public PageProblem? MlflowProblem { get; private set; }

    public PageProblem? RouterProblem { get; private set; }

    /// <summary>Promotions shown in the timeline (the newest).</summary>
    public const int PromotionsShown = 50;

    /// <summary>Every alias move the product made or saw, newest first (the <c>promotions</c> experiment in MLflow).</summary>
    public IReadOnlyList<PromotionRecord> Promotions { get; private set; } = [];

    public Uri TrackingUri => catalog.TrackingUri;

    /// <summary>The strategies the Router can run, the contextual one included.</summary>
    public IReadOnlyList<string> Strategies => StrategyNames.All;

    public bool SignedIn => OperatorSignIn.CredentialOf(User) is not null;

    [TempData]
    public string? Notice { get; set; }

    public ModelView? PolicyModel => RegisteredModels.FirstOrDefault(m => m.Model.Name == Options.ModelName);

    /// <summary>Each Router arm with the version its alias points at in the registry.</summary>
    public IReadOnlyList<ArmServing> Serving =>
        [.. (Stats?.Arms.Select(a => (a.Arm, a.Alias)) ?? Config?.Arms.Select(a => (Arm: a.Name, a.Alias)) ?? [])
            .Select(a => new ArmServing(a.Arm, a.Alias, a.Alias is null ? null : PolicyModel?.AliasTarget(a.Alias)))];

    /// <summary>The aliases a version of <paramref name="model"/> can be promoted to: the policy aliases, or the model's own.</summary>
    public IReadOnlyList<string> AliasesFor(ModelView model) =>
        model.Model.Name == Options.ModelName
            ? [.. Options.PolicyAliases.Union(Config?.Arms.Select(a => a.Alias).OfType<string>() ?? []).Union(model.Model.Aliases.Select(a => a.Alias)).Distinct()]
            : model.Model.Name == Options.RouterModelName ? [RegistryNames.RouterAlias] : [.. model.Model.Aliases.Select(a => a.Alias).Distinct()];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var models = Task.Run(() => catalog.GetModelsAsync(cancellationToken), cancellationToken);
        var promotions = Task.Run(() => catalog.GetPromotionsAsync(PromotionsShown, cancellationToken), cancellationToken);
        try
        {
            Stats = await router.GetStatsAsync(cancellationToken);
            Config = await router.GetConfigAsync(cancellationToken);
        }
        catch (UpstreamException e)
        {
            UiLog.UpstreamFailed(logger, e.Service, "Models", e.Message);
            RouterProblem = PageProblem.From(e);
        }

        try
        {
            RegisteredModels = await models;
            Promotions = await promotions;
        }
        catch (UpstreamException e)
        {
            UiLog.UpstreamFailed(logger, e.Service, "Models", e.Message);
            MlflowProblem = PageProblem.From(e);
        }
    }
}

/// <summary>The model of the <c>_ModelVersions</c> partial: the page (options, aliases) and one registered model.</summary>
public sealed record ModelVersionsPartial(IndexModel Page, ModelView View);
