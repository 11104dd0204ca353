using Bandit.Ui.Extensions;
using Bandit.Ui.Upstream;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bandit.Ui.Operators;

/// <summary>
/// A page that changes the experiment (behind sign-in, see <see cref="OperatorSignIn.AdminPages"/>): it hands the
/// operator's own credential to the Router, and when the Router no longer accepts it (a rotated key) it signs the
/// operator out and says so, rather than retry with anything else.
/// </summary>
public abstract class OperatorPageModel : PageModel
{
    /// <summary>The signed-in operator's credential (the page is behind sign-in, so there is one).</summary>
    protected string Credential => OperatorSignIn.CredentialOf(User) ?? throw new InvalidOperationException("an admin page was reached without a signed-in operator.");

    public PageProblem? Problem { get; protected set; }

    /// <summary>Sets <see cref="Problem"/> from a failed Router call; a refused credential also ends the sign-in.</summary>
    protected async Task FailedAsync(UpstreamException e, string page, ILogger logger)
    {
        UiLog.UpstreamFailed(logger, e.Service, page, e.Message);
        if (e.Service == UpstreamErrors.Router && PageProblem.IsUnauthorized(e))
        {
            UiLog.OperatorCredentialRejected(logger, page);
            await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            Problem = PageProblem.Refused("The Router no longer accepts the key you signed in with (401), so nothing changed and you are signed out. Sign in again with the current key.");
            return;
        }

        Problem = PageProblem.From(e);
    }
}
