namespace Bandit.ServiceDefaults.Tests;

/// <summary>
/// ActivitySource listeners are process-wide, so two test hosts tracing at once would see each
/// other's spans: the tests that start a host run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}
