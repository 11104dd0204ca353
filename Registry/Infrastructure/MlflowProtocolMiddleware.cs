using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Bandit.Registry.Infrastructure;

/// <summary>
/// The wire rules every endpoint shares: errors as MLflow's <c>{"error_code","message"}</c> body with its
/// status (never a 500 for bad input), unknown routes as 404 ENDPOINT_NOT_FOUND, and request targets with
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
            if (context.Response is { StatusCode: 404, HasStarted: false } && context.GetEndpoint() is null)
            {
                await WriteAsync(context, new RegistryException(404, ErrorCodes.EndpointNotFound, $"No endpoint {context.Request.Method} {context.Request.Path}."));
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
