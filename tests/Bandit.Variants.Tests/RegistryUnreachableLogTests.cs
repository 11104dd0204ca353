using Bandit.TestSupport;

namespace Bandit.Variants.Tests;

/// <summary>
/// Variants started against a registry nobody listens on, as in the Aspire dashboard's console logs: every retry of
/// every poll logged Polly's Warning with the exception's full stack trace (~350 trace lines in 20 s), burying the one
/// line a user needs. Now: no trace, and the watcher's line names the registry address and what the service does.
/// </summary>
public sealed class RegistryUnreachableLogTests
{
    /// <summary>The first poll's retries (3, from 200 ms, exponential with jitter) end within ~2 s of the start.</summary>
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task RegistryClosed_OneLineNamingTheAddress_NoStackTraces()
    {
        var registry = $"http://127.0.0.1:{FreePort.Next()}/";
        var (seen, output) = await ServiceProcess.RunUntilAsync("Bandit.Variants.dll", ["--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = registry, ["Variant__Alias"] = "PolicyA" },
            line => line.Contains("unreachable while following", StringComparison.Ordinal), Within);

        Assert.True(seen, output);
        var outage = Assert.Single(ServiceProcess.Lines(output), l => l.Contains("unreachable while following", StringComparison.Ordinal));
        Assert.Contains($"MLflow registry at {registry} unreachable", outage, StringComparison.Ordinal);
        Assert.Contains("keeping version (none) and retrying", outage, StringComparison.Ordinal);
        Assert.Contains("Connection refused", output, StringComparison.Ordinal); // Polly's retry lines still say why
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
