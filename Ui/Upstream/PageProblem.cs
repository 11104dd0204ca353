using System.Net;

namespace Bandit.Ui.Upstream;

/// <summary>
/// What a page says went wrong: an outage (no answer, a timeout, a 5xx) is "Something is not answering"; a service that
/// answered and refused (a 4xx: unknown version, a key it does not accept) says so, without calling it an outage.
/// </summary>
public sealed record PageProblem(string Title, string Message, bool Outage)
{
    public const string OutageTitle = "Something is not answering.";

    public static PageProblem From(UpstreamException e) => e.StatusCode is { } status && (int)status is >= 400 and < 500
        ? new PageProblem($"The {e.Service} refused this.", e.Message, false)
        : new PageProblem(OutageTitle, e.Message, true);

    public static PageProblem Refused(string message) => new("Not done.", message, false);

    public static bool IsUnauthorized(UpstreamException e) => e.StatusCode == HttpStatusCode.Unauthorized;
}
