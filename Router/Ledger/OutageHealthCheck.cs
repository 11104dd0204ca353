using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bandit.Router.Ledger;

/// <summary>
/// <c>bandit-outage</c> in <c>/health</c>: Healthy when the store takes writes and nothing is buffered; Degraded while
/// decisions and rewards go to (or wait in) the outage log, with the count and the allocation mode in its data.
/// </summary>
internal sealed class OutageHealthCheck(StoreAvailability availability, OutageLog log) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var buffered = log.Count;
        var data = new Dictionary<string, object>
        {
            ["store"] = availability.IsAvailable ? "available" : "unavailable",
            ["buffered"] = buffered,
            ["capacity"] = log.Capacity,
        };
        return Task.FromResult(availability.IsAvailable && buffered == 0
            ? HealthCheckResult.Healthy("the bandit store takes writes; nothing buffered", data)
            : HealthCheckResult.Degraded($"the bandit store is {(availability.IsAvailable ? "back; applying" : "unavailable;")} {buffered} buffered decisions and rewards (capacity {log.Capacity})", data: data));
    }
}
