using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace Bandit.Ui.Operators;

/// <summary>
/// Sign-in for the people who change the experiment. An operator signs in once with a credential the Router accepts
/// (its admin key); the Ui checks it with the Router (<c>GET /admin/whoami</c>), keeps it in the operator's own auth
/// cookie — encrypted and signed by ASP.NET Core data protection, HttpOnly, SameSite=Strict — and sends it on with each
/// admin call. The Ui's configuration holds no key, so no setting of the Ui can change the experiment by itself. The
/// pages that change something (<see cref="AdminPages"/>) require a signed-in operator; every other page stays open.
/// </summary>
public static class OperatorSignIn
{
    public const string CookieName = "bandit.operator";
    public const string CredentialClaim = "bandit:router-credential";
    public const string SignInPath = "/signin";
    public const string SignOutPath = "/signout";

    /// <summary>How long a sign-in lasts without use (sliding).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    /// <summary>The Razor pages behind sign-in: every one of them changes the experiment.</summary>
    public static readonly IReadOnlyList<string> AdminPages = ["/Models/Promote", "/Models/Strategy", "/ExperimentReset"];

    public static IServiceCollection AddOperatorSignIn(this IServiceCollection services)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // https in production, plain http on a laptop
            cookie.LoginPath = SignInPath;
            cookie.LogoutPath = SignOutPath;
            cookie.AccessDeniedPath = SignInPath;
            cookie.ExpireTimeSpan = Lifetime;
            cookie.SlidingExpiration = true;
        });
        services.AddAuthorization();
        return services;
    }

    /// <summary>Puts every admin page behind sign-in.</summary>
    public static void RequireOperator(PageConventionCollection conventions)
    {
        foreach (var page in AdminPages)
        {
            conventions.AuthorizePage(page);
        }
    }

    /// <summary>The signed-in operator's credential, or null for anyone else.</summary>
    public static string? CredentialOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirst(CredentialClaim)?.Value : null;

    public static ClaimsPrincipal Principal(string identity, string credential) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, identity), new Claim(CredentialClaim, credential)], CookieAuthenticationDefaults.AuthenticationScheme));
}
