using System.ComponentModel.DataAnnotations;
using Bandit.Ui.Extensions;
using Bandit.Ui.Operators;
using Bandit.Ui.Routing;
using Bandit.Ui.Upstream;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bandit.Ui.Pages;

/// <summary>
/// Operator sign-in: the credential is checked with the Router (<c>GET /admin/whoami</c>, which changes nothing) and,
/// when accepted, kept in the operator's data-protected auth cookie. A refused credential sets no cookie.
/// </summary>
public sealed class SignInModel(RouterClient router, ILogger<SignInModel> logger) : PageModel
{
    /// <summary>A refused credential costs this long, so guessing through the Ui is slow.</summary>
    private static readonly TimeSpan _refusalDelay = TimeSpan.FromMilliseconds(400);

    // Printable ASCII on one line: the key travels as an Authorization header. A line break made HttpClient throw (the
    // sign-in answered 500); any other character past ASCII failed the call, and the page blamed the Router.
    [BindProperty, Required(ErrorMessage = "Enter the Router's admin key."), StringLength(1024, ErrorMessage = "A key is at most 1024 characters.")]
    [RegularExpression(@"^[\x20-\x7E]*$", ErrorMessage = "A key is one line of printable ASCII characters.")]
    [Display(Name = "Admin key")]
    public string? Credential { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public PageProblem? Problem { get; private set; }

    public string? SignedInAs => User.Identity?.IsAuthenticated == true ? User.Identity.Name : null;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            var identity = await router.WhoAmIAsync(Credential!, cancellationToken);
            await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, OperatorSignIn.Principal(identity, Credential!),
                new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });
            UiLog.OperatorSignedIn(logger, identity);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/models");
        }
        catch (UpstreamException e) when (PageProblem.IsUnauthorized(e))
        {
            UiLog.OperatorRefused(logger);
            await Task.Delay(_refusalDelay, cancellationToken);
            ModelState.AddModelError(nameof(Credential), "The Router did not accept this key: nothing was signed in.");
        }
        catch (UpstreamException e)
        {
            UiLog.UpstreamFailed(logger, e.Service, "Sign in", e.Message);
            Problem = PageProblem.From(e) with { Message = "The key could not be checked, so you are not signed in. " + e.Message };
        }

        Credential = null;
        return Page();
    }
}
