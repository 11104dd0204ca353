using Microsoft.AspNetCore.Mvc;

namespace Bandit.Router.Common;

/// <summary>RFC 7807 answers written straight to a response (from the proxy step, where there is no endpoint result).</summary>
internal static class Problems
{
    public static Task Write(HttpContext context, int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail }).ExecuteAsync(context);
}
