using System.Collections.Concurrent;
using System.Text.Json;
using Bandit.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bandit.Router.Tests.Support;

/// <summary>
/// A stand-in for a Variants instance on a loopback port the OS gives at its first start (binding port 0, so no other
/// process can take the port between choosing and binding it) and kept for every restart: <c>POST /recommend {userId, k}</c> answers
/// <c>{items, alias, modelVersion}</c> and echoes <c>X-Bandit-Arm/Decision/Propensity</c> into the body like the
/// real one. It can answer 500 (<see cref="FailWith"/>) or be stopped and started again on the same port.
/// </summary>
public sealed class FakeVariant(string alias) : IAsyncDisposable
{
    private WebApplication? _app;

    public string Alias { get; } = alias;

    /// <summary>The port it listens on: 0 until the first start.</summary>
    public int Port { get; private set; }

    /// <summary>What <c>services:&lt;name&gt;:http:0</c> holds for this variant (known once started).</summary>
    public string Address => Port != 0 ? $"http://127.0.0.1:{Port}" : throw new InvalidOperationException("start the fake variant first: its port is the one the OS gives at the first start.");

    /// <summary>0 = answer normally; otherwise the status code to answer with (e.g. 500).</summary>
    public int FailWith { get; set; }

    public int Requests => _requests;

    /// <summary>The <c>traceparent</c> header of every request received.</summary>
    public ConcurrentQueue<string> TraceParents { get; } = new();

    private int _requests;

    public async Task StartAsync()
    {
        _app = await LoopbackApp.StartAsync(app => app.MapPost("/recommend", HandleAsync), Port);
        Port = new Uri(_app.Address()).Port;
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        TraceParents.Enqueue(context.Request.Headers["traceparent"].ToString());
        if (FailWith != 0)
        {
            context.Response.StatusCode = FailWith;
            await context.Response.WriteAsync("variant failure");
            return;
        }

        using var request = await JsonDocument.ParseAsync(context.Request.Body);
        var userId = request.RootElement.GetProperty("userId").GetInt64();
        var k = request.RootElement.TryGetProperty("k", out var kElement) && kElement.ValueKind != JsonValueKind.Null ? kElement.GetInt32() : 10; // null: the default, as a real variant reads it
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteStartArray("items");
        for (var i = 0; i < k; i++)
        {
            writer.WriteStartObject();
            writer.WriteNumber("movieId", (userId * 31) + i);
            writer.WriteNumber("score", 1.0 / (i + 1));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("alias", Alias);
        writer.WriteString("modelVersion", "7");
        var headers = context.Request.Headers;
        if (headers.ContainsKey("X-Bandit-Arm"))
        {
            writer.WriteString("arm", headers["X-Bandit-Arm"].ToString());
            writer.WriteString("decisionId", headers["X-Bandit-Decision"].ToString());
            writer.WriteNumber("propensity", double.Parse(headers["X-Bandit-Propensity"].ToString(), System.Globalization.CultureInfo.InvariantCulture));
        }

        writer.WriteEndObject();
        await writer.FlushAsync();
    }
}
