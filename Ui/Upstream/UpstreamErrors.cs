using System.Net;
using System.Net.Sockets;
using Bandit.Mlflow;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Bandit.Ui.Upstream;

/// <summary>Turns transport and protocol failures into the one-sentence messages the pages show.</summary>
public static class UpstreamErrors
{
    public const string Router = "Router";
    public const string Mlflow = "MLflow";

    /// <summary>Whether <paramref name="exception"/> is a failure of the call (not a bug of the Ui) that a page should describe.</summary>
    public static bool IsCallFailure(Exception exception) => exception is HttpRequestException or TimeoutRejectedException
        or BrokenCircuitException or TaskCanceledException or TimeoutException or MlflowException or System.Text.Json.JsonException;

    /// <summary>A readable sentence for a failed call to <paramref name="service"/> at <paramref name="baseUrl"/>.</summary>
    public static UpstreamException Describe(string service, Uri baseUrl, Exception exception)
    {
        var at = $"{(service == Mlflow ? "MLflow" : "The " + service)} at {baseUrl.GetLeftPart(UriPartial.Authority)}";
        return exception switch
        {
            UpstreamException known => known,
            MlflowException m => new UpstreamException(service,
                $"{at} answered {(int)m.StatusCode} {m.ErrorCode ?? m.StatusCode.ToString()}: {Trim(m.MlflowMessage)}", m.StatusCode, m),
            HttpRequestException { InnerException: SocketException s } => new UpstreamException(service,
                $"{at} is not answering: {SocketReason(s)}.", null, exception),
            HttpRequestException h when h.StatusCode is { } status => new UpstreamException(service,
                $"{at} answered {(int)status} {status}.", status, exception),
            HttpRequestException h => new UpstreamException(service, $"{at} is not answering: {Trim(h.Message)}", null, exception),
            BrokenCircuitException => new UpstreamException(service,
                $"{at} failed several times in a row; calls are paused for a few seconds before trying again.", null, exception),
            TimeoutRejectedException or TaskCanceledException or TimeoutException => new UpstreamException(service,
                $"{at} did not answer in time.", null, exception),
            System.Text.Json.JsonException j => new UpstreamException(service,
                $"{at} sent an answer the Ui cannot read: {Trim(j.Message)}", null, exception),
            _ => new UpstreamException(service, $"{at} could not be reached: {Trim(exception.Message)}", null, exception),
        };
    }

    private static string SocketReason(SocketException s) => s.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData => "host not found",
        SocketError.TimedOut => "connection timed out",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "unreachable",
        _ => s.Message.TrimEnd('.'),
    };

    internal static string Trim(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > 400 ? line[..400] + "…" : line;
    }

    /// <summary>The status line text, e.g. "503 Service Unavailable".</summary>
    internal static string StatusText(HttpStatusCode status) =>
        $"{(int)status} {System.Text.RegularExpressions.Regex.Replace(status.ToString(), "(?<=[a-z])(?=[A-Z])", " ")}";
}
