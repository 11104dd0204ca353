using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Bandit.TestSupport;

/// <summary>
/// HTTP/1.1 over a bare socket, for what HttpClient will not send: a body shorter than its Content-Length, broken chunked
/// framing, a client that stalls, half-closes or resets mid-body.
/// </summary>
public static class RawHttp
{
    /// <summary>Connects to <paramref name="server"/> and sends the request head (with Host) and <paramref name="afterHead"/>, as is.</summary>
    public static async Task<Socket> SendAsync(Uri server, string method, string path, IEnumerable<string> headers, string afterHead, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server.Host, server.Port, cancellationToken);
            var head = new StringBuilder($"{method} /{path.TrimStart('/')} HTTP/1.1\r\nHost: {server.Authority}\r\n");
            foreach (var header in headers)
            {
                head.Append(header).Append("\r\n");
            }

            await socket.SendAsync(Encoding.UTF8.GetBytes(head.Append("\r\n").Append(afterHead).ToString()), SocketFlags.None, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads until the server closes the connection (bounded by <paramref name="cancellationToken"/>) and splits the answer
    /// into its head and its body, unchunked when it came in chunks.
    /// </summary>
    public static async Task<(string Head, string Body)> ReadAnswerAsync(Socket socket, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        var answer = Encoding.UTF8.GetString(received.ToArray());
        var end = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end >= 0, $"no complete HTTP answer: '{answer}'");
        var (head, body) = (answer[..end], answer[(end + 4)..]);
        return head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase) ? (head, Unchunk(body)) : (head, body);
    }

    private static string Unchunk(string body)
    {
        var whole = new StringBuilder();
        for (var at = 0; ;)
        {
            var line = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            Assert.True(line >= 0, $"a chunked body without its last chunk: '{body}'");
            var size = Convert.ToInt32(body[at..line], 16);
            if (size == 0)
            {
                return whole.ToString();
            }

            whole.Append(body, line + 2, size);
            at = line + 2 + size + 2;
        }
    }
}
