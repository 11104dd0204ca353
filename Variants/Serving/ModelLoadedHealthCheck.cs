using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bandit.Variants.Serving;

/// <summary>Ready once a model is in service (so <c>/health</c> answers 503 until then).</summary>
public sealed class ModelLoadedHealthCheck(ModelHolder holder) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(holder.Current is { } model
            ? HealthCheckResult.Healthy($"serving version {model.Version.Version}")
            : HealthCheckResult.Unhealthy(holder.LastFailure is { } failure
                ? $"no model loaded yet; version {failure.Version} failed: {failure.Message}"
                : "no model loaded yet"));
}
