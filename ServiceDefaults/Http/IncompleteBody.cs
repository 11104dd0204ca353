using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bandit.ServiceDefaults.Http;

/// <summary>
/// A request body that broke off before its end: the client hung up or stalled before its Content-Length (Kestrel's
/// "Unexpected end of request content", or its body timeout), its connection was reset, or the request was aborted.
/// That is the client's doing, not the service's: a 400 refusal and a Debug line, never an unhandled error.
/// </summary>
internal static partial class IncompleteBody
{
    private const string LogCategory = "Bandit.ServiceDefaults.Http.JsonBodyReader";

    /// <summary>Whether <paramref name="e"/>, thrown by a read of the body, says the body broke off.</summary>
    public static bool IsBrokenOff(Exception e, HttpRequest request) => e switch
    {
        // BadHttpRequestException and Kestrel's ConnectionResetException are IOExceptions.
        IOException => true,
        OperationCanceledException => request.HttpContext.RequestAborted.IsCancellationRequested,
        _ => false,
    };

    /// <summary>
    /// The 400 refusal of a body that broke off after <paramref name="received"/> bytes, logged at Debug. The answer
    /// closes the connection (its framing is lost). When the connection itself is gone (reset, aborted) the request is
    /// aborted too: nobody can read an answer, and Kestrel would otherwise try to drain the dead body after the request
    /// and log that as an error ("automatic draining of the request body failed").
    /// </summary>
    public static JsonBody Refuse(HttpRequest request, int received, Exception e)
    {
        var why = e switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } => "it arrived too slowly",
            BadHttpRequestException bad => bad.Message.TrimEnd('.'),
            OperationCanceledException => "the request was aborted",
            _ => "the connection broke",
        };
        var detail = request.ContentLength is { } promised
            ? $"the request body ended after {received} of the {promised} bytes its Content-Length promised ({why}); send the whole body"
            : $"the request body broke off after {received} bytes ({why}); send the whole body";
        if (request.HttpContext.RequestServices?.GetService<ILoggerFactory>() is { } loggers)
        {
            BrokenOff(loggers.CreateLogger(LogCategory), request.Method, request.Path, received, request.ContentLength, e.GetType().Name, e.Message);
        }

        if (e is BadHttpRequestException)
        {
            JsonBodyReader.CloseAfterAnswer(request.HttpContext.Response);
        }
        else
        {
            request.HttpContext.Abort();
        }

        return JsonBody.Incomplete(detail);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug,
        Message = "The body of {Method} {Path} broke off after {Received} of {ContentLength} bytes; refused with 400 ({ExceptionType}: {Reason})")]
    private static partial void BrokenOff(ILogger logger, string method, string path, int received, long? contentLength, string exceptionType, string reason);
}
