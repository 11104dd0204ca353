using Bandit.Ui.Extensions;
using Bandit.Ui.Registry;
using Bandit.Ui.Upstream;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bandit.Ui.Pages;

/// <summary>
/// The offline A/B report of the versions the aliases point at now: metrics, segments (rows, baseline, small segments
/// greyed), bootstrap ΔAUC and plots per evaluation split — switchable, the verdict's split first — CV spread, the verdict
/// and the Trainer's <c>report.md</c> rendered.
/// </summary>
public sealed class ReportModel(OfflineReportReader reader, ILogger<ReportModel> logger) : PageModel
{
    public OfflineReport? Report { get; private set; }

    public PageProblem? Problem { get; private set; }

    /// <summary>The split asked for (<c>?split=global-time</c>); none = the verdict's.</summary>
    [BindProperty(Name = "split", SupportsGet = true)]
    public string? SplitName { get; set; }

    public SplitView? Split => Report?.Split(SplitName);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            Report = await reader.ReadAsync(cancellationToken);
        }
        catch (UpstreamException e)
        {
            UiLog.UpstreamFailed(logger, e.Service, "Report", e.Message);
            Problem = PageProblem.From(e);
        }
    }
}
