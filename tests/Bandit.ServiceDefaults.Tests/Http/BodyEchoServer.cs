using System.Collections.Concurrent;
using System.Net.Sockets;
using Bandit.ServiceDefaults.Http;
using Bandit.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Bandit.ServiceDefaults.Tests.Http;

/// <summary>
/// A service on real Kestrel at 127.0.0.1 with one endpoint that reads its body through <see cref="JsonBodyReader"/>
/// (as every Bandit service does) and no exception handler of its own, so an exception out of the reader reaches Kestrel
/// and its log; every log entry, down to Debug, is recorded, and so is what the reader returned. Kestrel's body timeout
/// is short (<see cref="BodyGracePeriod"/>), so a client that stalls mid-body is refused within seconds.
/// </summary>
internal sealed class BodyEchoServer : IAsyncDisposable
{
    public const string Path = "/body";

    public const int MaxBytes = 1024;

    /// <summary>How long Kestrel waits for a stalled body before it ends the read (its minimum is just over its 1 s heartbeat).</summary>
    public static readonly TimeSpan BodyGracePeriod = TimeSpan.FromSeconds(1.5);

    private readonly WebApplication _app;

    private BodyEchoServer(WebApplication app, LogRecorder logs)
    {
        _app = app;
        Logs = logs;
    }

    public LogRecorder Logs { get; }

    /// <summary>What <see cref="JsonBodyReader.ReadAsync"/> returned, one per request, in order.</summary>
    public ConcurrentQueue<JsonBody> Reads { get; } = new();

    public Uri Address => new(_app.Address());

    public static async Task<BodyEchoServer> StartAsync()
    {
        var logs = new LogRecorder();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(240, BodyGracePeriod));
        // Provider-specific filter: the appsettings.json copied in from the referenced services must not raise the level.
        builder.Logging.ClearProviders().AddProvider(logs).AddFilter<LogRecorder>(level => level >= LogLevel.Debug);
        var app = builder.Build();
        var server = new BodyEchoServer(app, logs);
        app.MapPost(Path, async (HttpContext context) =>
        {
            var read = await JsonBodyReader.ReadAsync(context.Request, MaxBytes, context.RequestAborted);
            server.Reads.Enqueue(read);
            return read.IsRefused ? (IResult)read.Problem : TypedResults.Text($"{read.Bytes.Length} bytes");
        });
        await app.StartAsync();
        return server;
    }

    /// <summary>Connects a raw socket and sends a POST that promises <paramref name="contentLength"/> bytes but sends only <paramref name="sent"/>.</summary>
    public Task<Socket> SendTruncatedAsync(int contentLength, int sent, CancellationToken cancellationToken) =>
        SendRawAsync($"Content-Length: {contentLength}", new string(' ', sent), cancellationToken);

    /// <summary>Connects a raw socket and sends a JSON POST with one framing header and the text after the head.</summary>
    public Task<Socket> SendRawAsync(string framingHeader, string afterHead, CancellationToken cancellationToken) =>
        RawHttp.SendAsync(Address, "POST", Path, ["Content-Type: application/json", framingHeader], afterHead, cancellationToken);

    /// <summary>Waits until the host has logged the end of <paramref name="count"/> requests (its last log line for each).</summary>
    public Task WaitForFinishedRequestsAsync(int count, TimeSpan timeout) => WaitForLogAsync(
        e => e.Category == "Microsoft.AspNetCore.Hosting.Diagnostics" && e.Message.StartsWith("Request finished", StringComparison.Ordinal),
        count, "requests finished", timeout);

    /// <summary>Waits until the endpoint is reading the body (Kestrel logs it at Debug), so a client that hangs up then breaks a read.</summary>
    public Task WaitForBodyReadAsync(TimeSpan timeout) => WaitForLogAsync(
        e => e.Category == "Microsoft.AspNetCore.Server.Kestrel" && e.Message.EndsWith("started reading request body.", StringComparison.Ordinal),
        1, "body reads started", timeout);

    private async Task WaitForLogAsync(Func<LogEntry, bool> entry, int count, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        int seen;
        while ((seen = Logs.Entries.Count(entry)) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {seen} of {count} {what} within {timeout}; log:\n{string.Join('\n', Logs.Entries)}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
