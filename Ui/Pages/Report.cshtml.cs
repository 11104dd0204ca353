using Bandit.Ui.Extensions;
using Bandit.Ui.Registry;
using Bandit.Ui.Upstream;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bandit.Ui.Pages;

/// <summary>The offline A/B report: Policy A vs B metrics, the Trainer's plots, segments, CV spread, the bootstrap verdict.</summary>
public sealed class ReportModel(OfflineReportReader reader, ILogger<ReportModel> logger) : PageModel
{
    public OfflineReport? Report { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            Report = await reader.ReadAsync(cancellationToken);
        }
        catch (UpstreamException e)
        {
            UiLog.UpstreamFailed(logger, e.Service, "Report", e.Message);
            Problem = e.Message;
        }
    }
}
