namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The server could not listen on an address for a reason the user can correct (port in use, not a URL, port out of
/// range, ...). Its message is the whole story, so it prints as that one line — in the host's "Hosting failed to start"
/// log too — and the framework's exception stays reachable as <see cref="Exception.InnerException"/>.
/// </summary>
public sealed class ListenFailureException(string address, string reason, Exception innerException)
    : Exception($"cannot listen on {address}: {reason}", innerException)
{
    public string Address { get; } = address;

    public string Reason { get; } = reason;

    public override string ToString() => Message;
}
