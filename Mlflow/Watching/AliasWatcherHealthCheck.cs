using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bandit.Mlflow.Watching;

/// <summary>
/// Reports an <see cref="AliasWatcher"/>: Healthy while it follows the alias and its handler accepted the current
/// version; Degraded (never Unhealthy: what was loaded keeps serving) before the first poll, while MLflow is
/// unreachable, when the alias is missing, or while the handler fails for the current version.
/// </summary>
public sealed class AliasWatcherHealthCheck(AliasWatcher watcher) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var s = watcher.Snapshot;
        var data = new Dictionary<string, object>
        {
            ["alias"] = $"{watcher.ModelName}@{watcher.Alias}",
            ["status"] = s.Status.ToString(),
            ["current"] = s.Current?.Version ?? "",
            ["handled"] = s.Handled?.Version ?? "",
        };
        var result = s switch
        {
            { Status: AliasWatchStatus.Starting } => HealthCheckResult.Degraded("the alias has not been polled yet", data: data),
            { Status: AliasWatchStatus.Unreachable } => HealthCheckResult.Degraded($"MLflow unreachable since {s.UnreachableSince:O}: {s.PollError}", data: data),
            { Status: AliasWatchStatus.AliasMissing } => HealthCheckResult.Degraded("the alias does not exist in the registry", data: data),
            { HandlerError: { } error } => HealthCheckResult.Degraded($"the new version could not be taken up: {error}", data: data),
            _ => HealthCheckResult.Healthy($"following version {s.Current?.Version}", data),
        };
        return Task.FromResult(result);
    }
}

/// <summary>Registers <see cref="AliasWatcherHealthCheck"/>.</summary>
public static class AliasWatcherHealthCheckExtensions
{
    /// <summary>Adds a check named <paramref name="name"/> that reports the watcher <paramref name="watcher"/> returns.</summary>
    public static IHealthChecksBuilder AddAliasWatcher(this IHealthChecksBuilder builder, string name, Func<IServiceProvider, AliasWatcher> watcher, params string[] tags) =>
        builder.Add(new HealthCheckRegistration(name, sp => new AliasWatcherHealthCheck(watcher(sp)), failureStatus: null, tags));
}
