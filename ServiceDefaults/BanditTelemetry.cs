namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The naming rule for the project's own telemetry: every <c>ActivitySource</c> and <c>Meter</c>
/// is named <c>Bandit.&lt;Component&gt;</c>, and ServiceDefaults collects them all by wildcard.
/// </summary>
public static class BanditTelemetry
{
    public const string Prefix = "Bandit.";

    public const string Wildcard = Prefix + "*";
}
