using Bandit.Ui.Experiment;
using Bandit.Ui.Extensions;
using Bandit.Ui.Registry;
using Bandit.Ui.Routing;
using Bandit.Ui.Upstream;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Bandit.Ui.Pages;

/// <summary>
/// The live experiment: per-arm traffic share, CTR with its interval, posterior densities, P(best), the model version
/// each arm serves, traffic and CTR over time with the experiment's changes marked (from the Router's history, so the
/// same after a Ui restart and in every Ui), strategy and config version. The panel re-renders itself
/// (<c>?handler=Panel</c>); the page says how old its figures are and when the connection is lost.
/// </summary>
public sealed class ExperimentModel(RouterClient router, ModelCatalog catalog, IOptions<UiOptions> options, TimeProvider time, ILogger<ExperimentModel> logger)
    : PageModel
{
    public UiOptions Options { get; } = options.Value;

    public ExperimentView? View { get; private set; }

    public PageProblem? Problem { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public DateTimeOffset RenderedAt { get; private set; }

    /// <summary>The off-policy table (null with <see cref="OffPolicyError"/> when the Router could not give it).</summary>
    public OffPolicyResult? OffPolicy { get; private set; }

    public string? OffPolicyError { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>Only the panel, for the page's self-refresh.</summary>
    public async Task<IActionResult> OnGetPanelAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return Partial("_ExperimentPanel", this);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        RenderedAt = time.GetUtcNow();
        var config = Optional(router.GetConfigAsync(cancellationToken));
        var history = Optional(router.GetHistoryAsync(Options.HistoryMinutes, Options.HistoryPoints, cancellationToken));
        var versions = Optional(catalog.GetAliasTargetsAsync(Options.ModelName, cancellationToken));
        var offPolicy = Optional(router.GetOffPolicyAsync(Options.OffPolicyWindow, cancellationToken));
        try
        {
            var stats = await router.GetStatsAsync(cancellationToken);
            var (c, h, v) = (await config, await history, await versions);
            View = ExperimentView.Build(new ExperimentInputs(stats, c.Value, c.Error, h.Value, h.Error, v.Value, v.Error), RenderedAt);
            (OffPolicy, OffPolicyError) = await offPolicy;
        }
        catch (UpstreamException e)
        {
            UiLog.UpstreamFailed(logger, e.Service, "Experiment", e.Message);
            Problem = PageProblem.From(e);
            await Task.WhenAll(config, history, versions, offPolicy); // let them finish; their answers are not needed now
        }
    }

    /// <summary>A read the page can do without: its value, or the sentence saying why it is missing.</summary>
    private static async Task<(T? Value, string? Error)> Optional<T>(Task<T> call) where T : class
    {
        try
        {
            return (await call, null);
        }
        catch (UpstreamException e)
        {
            return (null, e.Message);
        }
    }
}
