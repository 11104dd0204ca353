using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Bandit.Registry.Infrastructure;

/// <summary>
/// The wire rules every endpoint shares: errors as MLflow's <c>{"error_code","message"}</c> body with its
/// status (never a 500 for bad input), unknown routes as 404 ENDPOINT_NOT_FOUND (a wrong method: 405, same body),
/// any other error answered without a body given that shape too, and request targets with
/// '..' segments refused with 400 INVALID_PARAMETER_VALUE "Invalid path" before Kestrel's path
/// normalisation could silently rewrite them (MLflow's <c>validate_path_is_safe</c> answers the same).
/// </summary>
public sealed class MlflowProtocolMiddleware(RequestDelegate next, ILogger<MlflowProtocolMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
            if (HasDotSegment(raw))
            {
                throw RegistryException.Invalid("Invalid path");
            }

            await next(context);
            if (context.Response is { StatusCode: >= 400, HasStarted: false })
            {
                // An error nobody wrote a body for: no route, a route without this method (405), a parameter
                // the framework could not bind (400). MLflow's clients expect its error shape there too.
                await WriteAsync(context, Unanswered(context));
            }
        }
        catch (RegistryException e) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, e);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // Kestrel's own refusals: body over the size limit, malformed framing.
            var code = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? ErrorCodes.ResourceLimitExceeded : ErrorCodes.InvalidParameterValue;
            await WriteAsync(context, new RegistryException(e.StatusCode, code, e.Message));
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            RegistryLog.UnhandledError(logger, context.Request.Method, context.Request.Path, e);
            // The details go to the log, not to the caller (they can name files and SQL).
            await WriteAsync(context, new RegistryException(500, ErrorCodes.InternalError, $"Internal error ({e.GetType().Name}); see the registry log."));
        }
    }

    private static RegistryException Unanswered(HttpContext context)
    {
        var (status, method, path) = (context.Response.StatusCode, context.Request.Method, context.Request.Path);
        return status switch
        {
            404 or 405 => new RegistryException(status, ErrorCodes.EndpointNotFound, $"No endpoint {method} {path}."),
            413 => new RegistryException(status, ErrorCodes.ResourceLimitExceeded, "Request too large."),
            < 500 => new RegistryException(status, ErrorCodes.InvalidParameterValue, $"Bad request: {method} {path} could not be read."),
            _ => new RegistryException(status, ErrorCodes.InternalError, $"Internal error on {method} {path}; see the registry log."),
        };
    }

    private static bool HasDotSegment(string rawTarget)
    {
        var path = rawTarget.Split('?', 2)[0];
        if (!path.Contains('.') && !path.Contains('%'))
        {
            return false;
        }

        var decoded = Uri.UnescapeDataString(path);
        return decoded.Split('/', '\\').Any(s => s == "..");
    }

    private static async Task WriteAsync(HttpContext context, RegistryException error)
    {
        context.Response.Clear();
        context.Response.StatusCode = error.StatusCode;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteString("error_code", error.ErrorCode);
        writer.WriteString("message", error.Message);
        writer.WriteEndObject();
    }
}
