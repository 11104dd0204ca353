using System.Diagnostics;

namespace Bandit.Trainer;

/// <summary>The Trainer's telemetry names; ServiceDefaults collects every <c>Bandit.*</c> source.</summary>
public static class TrainerTelemetry
{
    public const string ActivitySourceName = "Bandit.Trainer";

    public static ActivitySource Source { get; } = new(ActivitySourceName);
}
