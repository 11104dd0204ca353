using Bandit.Ui.Experiment;
using Bandit.Ui.Extensions;
using Bandit.Ui.Routing;
using Bandit.Ui.Upstream;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Bandit.Ui.Pages;

/// <summary>
/// The live experiment: per-arm traffic share, CTR with its interval, posterior densities, P(best), traffic and CTR
/// over time, strategy and config version. The panel re-renders itself (<c>?handler=Panel</c>) every few seconds.
/// </summary>
public sealed class ExperimentModel(RouterClient router, StatsHistory history, IOptions<UiOptions> options, TimeProvider time, ILogger<ExperimentModel> logger)
    : PageModel
{
    public UiOptions Options { get; } = options.Value;

    public ExperimentView? View { get; private set; }

    public string? Problem { get; private set; }

    [TempData]
    public string? Notice { get; set; }

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
        try
        {
            var statsTask = router.GetStatsAsync(cancellationToken);
            var configTask = router.GetConfigAsync(cancellationToken);
            var stats = await statsTask;
            RouterConfigInfo? config = null;
            string? configError = null;
            try
            {
                config = await configTask;
            }
            catch (UpstreamException e)
            {
                configError = e.Message;
            }

            View = ExperimentView.Build(stats, config, configError, history, time.GetUtcNow());
        }
        catch (UpstreamException e)
        {
            UiLog.UpstreamFailed(logger, e.Service, "Experiment", e.Message);
            Problem = e.Message;
        }
    }
}
