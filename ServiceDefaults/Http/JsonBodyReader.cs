using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Bandit.ServiceDefaults.Http;

/// <summary>
/// The one reader of small JSON request bodies in every service: the media-type rule (415), a byte limit (413),
/// and a refusal the client can read. Kestrel closes a connection whose unread body is over its limit, and a client
/// still writing a large body then sees the connection reset instead of the 413 (a 3 MB body to a variant's
/// <c>/recommend</c> got no answer at all). So a body over the limit is read to its end and discarded, up to
/// <see cref="DrainBytes"/> past the limit and <see cref="DrainTime"/>; past either, the answer says <c>Connection: close</c>.
/// A body that breaks off (the client hangs up or stalls before its Content-Length, or its connection is reset) is a
/// 400 refusal too, logged at Debug: before, Kestrel's exception escaped to the endpoint and was logged as an unhandled
/// error, with a stack trace, for every client that hung up mid-body.
/// </summary>
public static class JsonBodyReader
{
    /// <summary>The most of a refused body (past its limit) read and discarded so the client can read the 413 on a kept-alive connection.</summary>
    public const int DrainBytes = 8 * 1024 * 1024;

    /// <summary>How long a refused body is drained at most (a slow sender must not hold the request open).</summary>
    public static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Reads the whole body when the Content-Type passes <paramref name="mediaType"/> and the body is at most
    /// <paramref name="maxBytes"/>; otherwise the refusal (415 or 413, with the body drained as described above; 400 when
    /// the body broke off, with <c>Connection: close</c>).
    /// </summary>
    public static async Task<JsonBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken, JsonMediaRule mediaType = JsonMediaRule.JsonOrNone)
    {
        if (!JsonMediaType.IsAcceptable(request.ContentType, mediaType))
        {
            await DrainAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
            return JsonBody.Refused(StatusCodes.Status415UnsupportedMediaType, maxBytes, request.ContentType);
        }

        AllowDrain(request, maxBytes);
        if (request.ContentLength > maxBytes)
        {
            await DrainAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
            return JsonBody.Refused(StatusCodes.Status413PayloadTooLarge, maxBytes, request.ContentType);
        }

        var body = await ReadUpToAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            await DrainAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
            return JsonBody.Refused(StatusCodes.Status413PayloadTooLarge, maxBytes, request.ContentType);
        }

        return body.Value;
    }

    /// <summary>Kestrel's own limit (the server's, often set low) would stop the drain; the limit here is ours.</summary>
    private static void AllowDrain(HttpRequest request, int maxBytes)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit
            && limit.MaxRequestBodySize is { } current && current < (long)maxBytes + DrainBytes)
        {
            limit.MaxRequestBodySize = (long)maxBytes + DrainBytes;
        }
    }

    /// <summary>The body, or the refusal of one that broke off, or null as soon as it is longer than <paramref name="maxBytes"/>.</summary>
    private static async Task<JsonBody?> ReadUpToAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxBytes + 1L, (request.ContentLength ?? 4096) + 1));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxBytes + 1L, buffer.Length * 2L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read;
                try
                {
                    read = await ReadAsync(request.Body, buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (IncompleteBody.IsBrokenOff(e, request))
                {
                    return IncompleteBody.Refuse(request, length, e);
                }

                if (read < 0)
                {
                    return null;
                }

                if (read == 0)
                {
                    return JsonBody.Read(buffer.AsSpan(0, length).ToArray());
                }

                length += read;
                if (length > maxBytes)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Bytes read, or -1 when the server refused the body as too large.</summary>
    private static async ValueTask<int> ReadAsync(Stream body, Memory<byte> into, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(into, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return -1;
        }
    }

    /// <summary>
    /// Reads the rest of a refused body into nothing, so the connection stays usable and the client reads the answer;
    /// when the rest is too long or too slow, the answer closes the connection instead of leaving it half-read.
    /// </summary>
    private static async Task DrainAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var response = request.HttpContext.Response;
        var most = (long)maxBytes + DrainBytes;
        if (request.ContentLength > most)
        {
            CloseAfterAnswer(response);
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DrainTime);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long drained = 0;
            int read;
            while ((read = await ReadAsync(request.Body, chunk, timeout.Token).ConfigureAwait(false)) > 0)
            {
                drained += read;
                if (drained > most)
                {
                    CloseAfterAnswer(response);
                    return;
                }
            }

            if (read < 0)
            {
                CloseAfterAnswer(response);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // Too slow, or the client went away: nothing more to read; the answer closes the connection.
            CloseAfterAnswer(response);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    internal static void CloseAfterAnswer(HttpResponse response)
    {
        if (!response.HasStarted)
        {
            response.Headers[HeaderNames.Connection] = "close";
        }
    }
}
