using Bandit.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http;

namespace Bandit.ServiceDefaults.Tests.Http;

/// <summary>
/// Cancellation during a body read, without a server: the request's own abort is the client going away (a 400 refusal,
/// nothing thrown to log), while a caller's own token cancelling a live request is the caller's decision and still throws.
/// </summary>
public sealed class AbortedBodyTests
{
    [Fact]
    public async Task ReadAsync_RequestAbortedMidBody_IsIncompleteRefusal()
    {
        using var aborted = new CancellationTokenSource();
        var context = Request(new StalledStream(), contentLength: 100, aborted.Token);

        var reading = JsonBodyReader.ReadAsync(context.Request, 1024, aborted.Token);
        await aborted.CancelAsync();
        var read = await reading.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(read.IsIncomplete);
        Assert.Equal(StatusCodes.Status400BadRequest, read.Problem.StatusCode);
        Assert.Contains("after 0 of the 100 bytes", read.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_CallersOwnTokenCancelled_Throws()
    {
        using var callers = new CancellationTokenSource();
        var context = Request(new StalledStream(), contentLength: 100, CancellationToken.None);

        var reading = JsonBodyReader.ReadAsync(context.Request, 1024, callers.Token);
        await callers.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    private static DefaultHttpContext Request(Stream body, long contentLength, CancellationToken requestAborted)
    {
        var context = new DefaultHttpContext { RequestAborted = requestAborted };
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = contentLength;
        context.Request.Body = body;
        return context;
    }

    /// <summary>A body whose next bytes never come: a read waits until it is cancelled.</summary>
    private sealed class StalledStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
