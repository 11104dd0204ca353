using Bandit.Variants.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Bandit.Variants.Serving;

/// <summary>
/// Ready once a model is in service (so <c>/health</c> answers 503 until then, and orchestrators wait). A variant with
/// no model yet is <em>starting</em> — the normal state while the Trainer registers the first version — not failing:
/// it says so in the check's description and logs each change of state once at Information (a failed load is logged
/// by the loader as an error). The framework's own per-probe line for this state is filtered out
/// (<see cref="QuietProbes"/>), so a normal start prints no <c>fail:</c> line per probe.
/// </summary>
public sealed class ModelLoadedHealthCheck(ModelHolder holder, IOptions<VariantOptions> options, ILogger<ModelLoadedHealthCheck> logger) : IHealthCheck
{
    /// <summary>The category of ASP.NET Core's per-probe health log lines.</summary>
    public const string ProbeLogCategory = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    private string? _lastState;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var (state, result) = holder.Current is { } model
            ? ("serving", HealthCheckResult.Healthy($"serving version {model.Version.Version}"))
            : holder.LastFailure is { } failure
                ? ("failing", HealthCheckResult.Unhealthy($"no model loaded yet; version {failure.Version} failed: {failure.Message}"))
                : ("starting", HealthCheckResult.Unhealthy($"starting: waiting for the first version of {o.ModelName}@{o.Alias}"));
        if (Interlocked.Exchange(ref _lastState, state) != state)
        {
            VariantsLog.HealthState(logger, state, result.Description ?? state);
        }

        return Task.FromResult(result);
    }

    /// <summary>
    /// Drops the framework's per-probe health lines (an orchestrator probes every second or so): the checks report
    /// their own changes of state once instead.
    /// </summary>
    public static void QuietProbes(ILoggingBuilder logging) => logging.AddFilter(ProbeLogCategory, LogLevel.None);
}
