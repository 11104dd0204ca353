using System.Diagnostics;
using Bandit.Ui.Upstream;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bandit.Ui.Pages;

/// <summary>The page every unhandled error and every bare error status lands on: a sentence, never a stack trace.</summary>
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public string Heading { get; private set; } = "Something went wrong";

    public string Explanation { get; private set; } = "The Ui could not complete this request.";

    public string? RequestId { get; private set; }

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        var failure = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        RequestId = Activity.Current?.TraceId.ToString() ?? HttpContext.TraceIdentifier;
        if (failure is UpstreamException upstream)
        {
            Heading = $"The {upstream.Service} is not answering";
            Explanation = upstream.Message;
            return;
        }

        var code = status ?? (failure is null ? 200 : 500);
        (Heading, Explanation) = code switch
        {
            404 => ("Page not found", $"There is no page at {HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath ?? "this address"}. Try one of the pages above."),
            400 => ("Bad request", "The request could not be understood; the form may have expired. Reload the page and try again."),
            405 => ("Not allowed", "This address does not take that kind of request."),
            _ => (Heading, Explanation),
        };
        if (failure is not null || code >= 500)
        {
            Response.StatusCode = code >= 400 ? code : 500;
        }
    }
}
