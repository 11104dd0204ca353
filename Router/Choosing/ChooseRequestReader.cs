using Bandit.Router.Common;

using Bandit.ServiceDefaults.Http;

namespace Bandit.Router.Choosing;

/// <summary>
/// Validation of <c>POST /choose</c>: media type (415), size (413), body (400, also for one that broke off before its
/// end). A valid body is left in a rewindable buffer, so a retry on another arm can forward it again.
/// </summary>
internal static class ChooseRequestReader
{
    /// <summary>The parsed request, or null after writing the problem details that refuse it.</summary>
    public static async Task<ChooseRequest?> ReadAsync(HttpContext context)
    {
        var read = await JsonBodyReader.ReadAsync(context.Request, ChooseRequest.MaxBodyBytes, context.RequestAborted);
        if (read.Status == StatusCodes.Status415UnsupportedMediaType)
        {
            await Problems.Write(context, StatusCodes.Status415UnsupportedMediaType, "unsupported media type", "send the /choose body as application/json.");
            return null;
        }

        if (read.IsIncomplete)
        {
            await read.Problem.ExecuteAsync(context);
            return null;
        }

        if (read.IsRefused)
        {
            await Problems.Write(context, StatusCodes.Status413PayloadTooLarge, "body too large", $"a /choose body is at most {ChooseRequest.MaxBodyBytes} bytes.");
            return null;
        }

        var body = read.Bytes;

        if (!ChooseRequest.TryParse(body, out var request, out var error))
        {
            await Problems.Write(context, StatusCodes.Status400BadRequest, "invalid /choose request", error!);
            return null;
        }

        // The body is forwarded from this buffer, so a retry can send it again.
        context.Request.Body = new MemoryStream(body, writable: false);
        context.Request.ContentLength = body.Length;
        context.Request.Headers.Remove("Transfer-Encoding");
        return request;
    }
}
