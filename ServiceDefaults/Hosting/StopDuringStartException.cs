namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Ctrl+C or SIGTERM arrived while the server was still starting, so its start was canceled. A stop the user (or the
/// orchestrator) asked for, not a fault: it prints as its one-line message — in the host's "Hosting failed to start" log
/// too — and <see cref="ServiceRunner"/> ends the service as after any other stop.
/// </summary>
public sealed class StopDuringStartException(Exception innerException)
    : OperationCanceledException("stopped while starting (Ctrl+C or SIGTERM)", innerException)
{
    public override string ToString() => Message;
}
