namespace Bandit.Router.Choosing;

/// <summary>
/// Sends a small request body with its headers in one write. YARP's request content flushes the headers before it
/// copies the body, which suits a streamed body; a <c>/choose</c> body (at most <see cref="ChooseRequest.MaxBodyBytes"/>,
/// already in memory for retries) then costs a second send on the Router and a second read on the variant. This reads
/// YARP's content (its copy completes as it would on the wire, so YARP's error handling sees a finished body) and sends
/// the bytes with the same content headers. Larger or unsized bodies pass through unchanged.
/// </summary>
internal sealed class SingleWriteBodyHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { Headers.ContentLength: > 0 and <= ChooseRequest.MaxBodyBytes } content)
        {
            var body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var buffered = new ByteArrayContent(body);
            foreach (var header in content.Headers)
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            request.Content = buffered;
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
