using Bandit.Router.Store;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Bandit.Router.Ledger;

/// <summary>Redis down or too slow: 503 problem details (the client may retry), not a 500.</summary>
internal sealed class StoreUnavailableHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception) || context.Response.HasStarted)
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "bandit state unavailable",
                Detail = "the Redis holding the bandit state did not answer; nothing was recorded. Retry shortly.",
            },
        });
    }

    // Minimal APIs may hand the store's exception over wrapped (an aggregate of a Task.WhenAll, for example).
    private static bool IsUnavailable(Exception exception) => exception switch
    {
        StoreUnavailableException => true,
        AggregateException e => e.InnerExceptions.Any(IsUnavailable),
        { InnerException: { } inner } => IsUnavailable(inner),
        _ => false,
    };
}
