using System.Net;

namespace Bandit.Ui.Upstream;

/// <summary>
/// A call to the Router or to MLflow failed. <see cref="Exception.Message"/> is one readable sentence for the page
/// ("The Router at http://127.0.0.1:8000 is not answering: connection refused."); pages show it, never a stack trace.
/// </summary>
public sealed class UpstreamException(string service, string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>"Router" or "MLflow".</summary>
    public string Service { get; } = service;

    /// <summary>The HTTP status the service answered, or null when it did not answer at all.</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;
}
