using Bandit.Ui.Extensions;
using Bandit.Ui.Operators;
using Bandit.Ui.Routing;
using Bandit.Ui.Upstream;
using Microsoft.AspNetCore.Mvc;

namespace Bandit.Ui.Pages;

/// <summary>Clear the experiment's counters (<c>POST /admin/reset</c> with the operator's credential), after a confirmation, behind sign-in.</summary>
public sealed class ExperimentResetModel(RouterClient router, ILogger<ExperimentResetModel> logger) : OperatorPageModel
{
    public RouterStats? Stats { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            Stats = await router.GetStatsAsync(cancellationToken);
        }
        catch (UpstreamException e)
        {
            await FailedAsync(e, "Reset", logger);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            await router.ResetAsync(Credential, cancellationToken);
            UiLog.CountersReset(logger, router.BaseAddress.ToString());
            Notice = "The experiment's counters were reset: every arm starts again from its prior.";
            return RedirectToPage("/Experiment");
        }
        catch (UpstreamException e)
        {
            await FailedAsync(e, "Reset", logger);
            return Page();
        }
    }
}
