namespace Bandit.TestSupport;

/// <summary>The error body a service answers a 4xx with.</summary>
public enum ErrorShape
{
    /// <summary>RFC 7807: <c>application/problem+json</c> whose <c>status</c> is the answer's.</summary>
    ProblemDetails,

    /// <summary>MLflow's own error (the bundled registry keeps MLflow's wire format): <c>{"error_code", "message"}</c>.</summary>
    Mlflow,
}

/// <summary>
/// What the OpenAPI document does not say about an operation: a well-formed query string and JSON body (their fields
/// are what the sweep makes wrong one at a time), or that the body is not JSON at all (an artifact upload).
/// </summary>
public sealed record RouteSample(string? Query = null, string? Body = null, bool JsonBody = true);

/// <summary>How a <see cref="BadInputSweep"/> reaches one service and what it holds the answers to.</summary>
public sealed class BadInputSweepOptions
{
    public required HttpClient Http { get; init; }

    public ErrorShape ErrorShape { get; init; } = ErrorShape.ProblemDetails;

    /// <summary>The largest JSON body the service takes: the sweep sends one a little over it to every route that reads a body.</summary>
    public required int MaxBodyBytes { get; init; }

    /// <summary>Samples by (METHOD, path as in the document), for operations whose document lacks a body schema or query parameters.</summary>
    public IReadOnlyDictionary<(string Method, string Path), RouteSample> Samples { get; init; } = new Dictionary<(string, string), RouteSample>();

    /// <summary>Well-formed values for path parameters by name (a parameter not under test gets its value here, else "1").</summary>
    public IReadOnlyDictionary<string, string> PathValues { get; init; } = new Dictionary<string, string>();

    /// <summary>Operations not swept, each with the reason (say why: a skipped route is a route not guarded).</summary>
    public IReadOnlyDictionary<(string Method, string Path), string> Skip { get; init; } = new Dictionary<(string, string), string>();

    /// <summary>Paths behind a credential: swept without one and with a wrong one (each must be a 401), and with <see cref="Authorize"/> for the rest.</summary>
    public Func<string, bool> NeedsAuth { get; init; } = _ => false;

    /// <summary>Adds the right credential to a request.</summary>
    public Action<HttpRequestMessage>? Authorize { get; init; }

    /// <summary>Wrong credentials to try on a path behind one (header name, value).</summary>
    public IReadOnlyList<(string Header, string Value)> WrongCredentials { get; init; } =
        [("Authorization", "Bearer wrong-key"), ("Authorization", "Basic YWRtaW46YWRtaW4="), ("Authorization", "Bearer "), ("Authorization", "Bearer " + new string('k', 4000))];

    /// <summary>
    /// The service also serves web pages (the Ui): a target the server's path normalization took off every API route
    /// (<c>/artifacts/%2e%2e/x</c> is <c>/x</c>) is a page, and its 404 an HTML page; only the no-5xx and no-stack-trace
    /// parts of the rule apply to an HTML 404.
    /// </summary>
    public bool ServesPages { get; init; }

    /// <summary>
    /// The service's state as text, read before and after every refused request: a refusal must leave it as it was.
    /// Null: the service has no state a request could change that a test can read.
    /// </summary>
    public Func<Task<string>>? SnapshotAsync { get; init; }
}
