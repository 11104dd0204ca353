using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Bandit.TestSupport;
using Microsoft.Extensions.Logging;

namespace Bandit.ServiceDefaults.Tests.Http;

/// <summary>
/// Clients whose body breaks off before its end, on real Kestrel with a raw socket. Before the fix Kestrel's exception
/// escaped the reader: a reset mid-body was logged as "An unhandled exception was thrown by the application" (Error,
/// with a stack trace) and answered 500; a stalled body got Kestrel's bare 408 instead of a problem; a broken chunked
/// body Kestrel's bare 400.
/// </summary>
public sealed class TruncatedBodyTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public enum HangUp
    {
        /// <summary>Shuts down its send side (FIN) and waits; Kestrel takes that as the client closing and sends no answer.</summary>
        HalfClose,

        /// <summary>Closes the socket (FIN).</summary>
        Close,

        /// <summary>Closes the socket with linger 0 (RST): Kestrel's read throws ConnectionResetException.</summary>
        Reset,
    }

    [Fact]
    public async Task TruncatedBody_ClientStalls_Is400ProblemAndTheConnectionCloses()
    {
        await using var server = await BodyEchoServer.StartAsync();
        using var timeout = new CancellationTokenSource(Bound);

        // 10 of 100 bytes, then nothing: Kestrel's body timeout (BodyGracePeriod) ends the read, and the client reads the answer.
        using var socket = await server.SendTruncatedAsync(contentLength: 100, sent: 10, timeout.Token);
        var (head, body) = await RawHttp.ReadAnswerAsync(socket, timeout.Token);

        Assert.StartsWith("HTTP/1.1 400 ", head, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Connection: close", head, StringComparison.OrdinalIgnoreCase);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains("after 10 of the 100 bytes its Content-Length promised", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await server.WaitForFinishedRequestsAsync(1, Bound);
        AssertNoErrors(server);
    }

    [Theory]
    [InlineData(HangUp.HalfClose)]
    [InlineData(HangUp.Close)]
    [InlineData(HangUp.Reset)]
    public async Task TruncatedBody_ClientHangsUp_IsRefusedWithoutAnErrorAndTheNextRequestIsServed(HangUp hangUp)
    {
        await using var server = await BodyEchoServer.StartAsync();
        using var timeout = new CancellationTokenSource(Bound);

        using (var socket = await server.SendTruncatedAsync(contentLength: 100, sent: 10, timeout.Token))
        {
            await server.WaitForBodyReadAsync(Bound);
            if (hangUp == HangUp.HalfClose)
            {
                socket.Shutdown(SocketShutdown.Send);
            }
            else
            {
                socket.LingerState = new LingerOption(hangUp == HangUp.Reset, 0);
                socket.Close();
            }

            await server.WaitForFinishedRequestsAsync(1, Bound);
        }

        var refused = Assert.Single(server.Reads); // before the fix the reader threw: nothing was returned
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = Bound };
        using var next = await http.PostAsync(BodyEchoServer.Path, new StringContent("{\"ok\": true}", Encoding.UTF8, "application/json"), timeout.Token);

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal("12 bytes", await next.Content.ReadAsStringAsync(timeout.Token));
        Assert.True(refused.IsIncomplete, $"the reader returned {refused.Status}, not the 400 of a body that broke off");
        Assert.Contains("after 10 of the 100 bytes", refused.Detail, StringComparison.Ordinal);
        AssertNoErrors(server);
    }

    [Fact]
    public async Task BrokenChunkedBody_Is400Problem()
    {
        await using var server = await BodyEchoServer.StartAsync();
        using var timeout = new CancellationTokenSource(Bound);

        using var socket = await server.SendRawAsync("Transfer-Encoding: chunked", "5\r\n{\"a\":\r\nzz\r\n", timeout.Token);
        var (head, body) = await RawHttp.ReadAnswerAsync(socket, timeout.Token);

        Assert.StartsWith("HTTP/1.1 400 ", head, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", head, StringComparison.OrdinalIgnoreCase);
        // Kestrel parses the bad chunk size in the same read as the good chunk, so no byte may have reached the reader.
        Assert.Matches(@"^the request body broke off after [05] bytes \(Bad chunk size data\)", JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
        await server.WaitForFinishedRequestsAsync(1, Bound);
        AssertNoErrors(server);
    }

    private static void AssertNoErrors(BodyEchoServer server)
    {
        var errors = server.Logs.Entries.Where(e => e.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, $"error-level log entries:\n{string.Join('\n', errors)}");
    }
}
