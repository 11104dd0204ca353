using Bandit.Ui.Extensions;
using Bandit.Ui.Routing;
using Bandit.Ui.Upstream;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Bandit.Ui.Pages;

/// <summary>Clear the experiment's counters (<c>POST /admin/reset</c> with the admin key), after a confirmation.</summary>
public sealed class ExperimentResetModel(RouterClient router, IOptions<UiOptions> options, ILogger<ExperimentResetModel> logger) : PageModel
{
    public UiOptions Options { get; } = options.Value;

    public RouterStats? Stats { get; private set; }

    public string? Problem { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Options.AdminEnabled)
        {
            Problem = $"Admin actions are disabled: set {UiOptions.AdminKeyKey} (the Router's admin key) in the Ui's configuration.";
            return;
        }

        try
        {
            Stats = await router.GetStatsAsync(cancellationToken);
        }
        catch (UpstreamException e)
        {
            Problem = e.Message;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            await router.ResetAsync(cancellationToken);
            UiLog.CountersReset(logger, router.BaseAddress.ToString());
            Notice = "The experiment's counters were reset: every arm starts again from its prior.";
            return RedirectToPage("/Experiment");
        }
        catch (UpstreamException e)
        {
            UiLog.UpstreamFailed(logger, e.Service, "Reset", e.Message);
            Problem = RouterClient.IsUnauthorized(e) ? $"The Router refused the admin key (401): the Ui's {UiOptions.AdminKeyKey} must equal the Router's. {e.Message}" : e.Message;
            return Page();
        }
    }
}
