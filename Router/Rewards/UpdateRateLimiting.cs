using System.Globalization;
using System.Threading.RateLimiting;
using Bandit.Router.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Bandit.Router.Rewards;

/// <summary>The <c>/update</c> rate limit: a token bucket per remote IP (<c>Router:UpdateRateLimit</c>), 429 problem details with Retry-After.</summary>
internal static class UpdateRateLimiting
{
    public static IServiceCollection AddUpdateRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RouterOptions>>((limiter, router) =>
        {
            var limit = router.Value.UpdateRateLimit;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
            limiter.AddPolicy(UpdateApi.RateLimitPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => Bucket(limit)));
        });
        return services;
    }

    /// <summary>Refilled every 100 ms (or per permit below 10/s), so a client is never starved for a whole second.</summary>
    private static TokenBucketRateLimiterOptions Bucket(UpdateRateLimitOptions limit)
    {
        var (period, tokens) = limit.PermitsPerSecond >= 10
            ? (TimeSpan.FromMilliseconds(100), limit.PermitsPerSecond / 10)
            : (TimeSpan.FromSeconds(1.0 / limit.PermitsPerSecond), 1);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, limit.Burst),
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "too many requests",
            Detail = $"this client sent more /update requests than Router:UpdateRateLimit allows; retry after {retryAfter} s (a batch of rewards counts as one request).",
        }).ExecuteAsync(context);
    }
}
