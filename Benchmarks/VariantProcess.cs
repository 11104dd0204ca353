using Bandit.Contracts;
using Bandit.Mlflow;

namespace Bandit.Benchmarks;

/// <summary>
/// The Variants service as its own process (<c>dotnet Bandit.Variants.dll</c>, built beside this benchmark), on a
/// free loopback port and configured only by environment variables, as the AppHost runs it; ready once <c>/health</c>
/// answers 2xx (the model is loaded).
/// </summary>
internal sealed class VariantProcess : IAsyncDisposable
{
    private readonly ServiceProcess _service;

    private VariantProcess(ServiceProcess service) => _service = service;

    public Uri Address => _service.Address;

    /// <summary>The process it runs in.</summary>
    public ServiceProcess Service => _service;

    public int ProcessId => _service.ProcessId;

    /// <summary>Processor time the variant process has used so far.</summary>
    public TimeSpan CpuTime => TimeSpan.FromSeconds(_service.CpuSeconds);

    public static async Task<VariantProcess> StartAsync(Uri trackingUri, string modelName, string alias, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>
        {
            [MlflowServiceCollectionExtensions.TrackingUriKey] = trackingUri.ToString(),
            [ConfigurationKeys.EnvironmentVariable(ConfigurationKeys.Variant.Alias)] = alias,
            [ConfigurationKeys.EnvironmentVariable(ConfigurationKeys.Variant.ModelName)] = modelName,
            ["Logging__LogLevel__Microsoft.Extensions.Diagnostics.HealthChecks"] = "None", // "unhealthy" until loaded is expected
        };
        var service = await ServiceProcess.StartAsync("variant", "Bandit.Variants.dll", [], environment, "/health", cancellationToken,
            requireSuccess: true, timeout: TimeSpan.FromMinutes(2));
        return new VariantProcess(service);
    }

    public ValueTask DisposeAsync() => _service.DisposeAsync();
}
