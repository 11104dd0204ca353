using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Xunit;

namespace Bandit.TestSupport;

/// <summary>
/// What every service must do with a body it refuses: answer with a problem the client can read, on real Kestrel,
/// to a client that writes its whole body first (HttpClient does), and keep the connection usable.
/// </summary>
public static class BodyLimitProbe
{
    /// <summary>The size of the body in the sweep that got no answer from a variant.</summary>
    public const int ThreeMegabytes = 3 * 1024 * 1024;

    /// <summary>A JSON body of <paramref name="bytes"/> bytes: one object with one long string.</summary>
    public static ByteArrayContent JsonOfSize(int bytes, string mediaType = "application/json")
    {
        const string head = "{\"padding\": \"";
        const string tail = "\"}";
        var body = new byte[bytes];
        System.Text.Encoding.ASCII.GetBytes(head).CopyTo(body, 0);
        body.AsSpan(head.Length, bytes - head.Length - tail.Length).Fill((byte)'a');
        System.Text.Encoding.ASCII.GetBytes(tail).CopyTo(body, bytes - tail.Length);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    /// <summary>Sends <paramref name="content"/> and asserts an RFC 7807 answer with <paramref name="status"/>.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpClient http, HttpMethod method, string path, HttpContent content, HttpStatusCode status,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{method} {path} answered {(int)response.StatusCode}, not {(int)status}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
