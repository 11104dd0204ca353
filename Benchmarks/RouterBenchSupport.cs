using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Bandit.Contracts;
using Bandit.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bandit.Benchmarks;

/// <summary>Pieces shared by the Router load benchmarks: a stand-in variant, a redis-server, percentiles.</summary>
internal static class RouterBenchSupport
{
    /// <summary>A free loopback port (the benches bind it straight away).</summary>
    public static int FreePort() => Bandit.TestSupport.FreePort.Next();

    /// <summary>
    /// A variant stand-in on loopback: <c>POST /recommend {userId, k}</c> answers k fixed items and echoes the
    /// <c>X-Bandit-*</c> headers into the body, like Variants — so the bench measures the Router, not a model.
    /// </summary>
    public static Task<WebApplication> StartFakeVariantAsync(int port, CancellationToken cancellationToken) =>
        LoopbackApp.StartAsync(app => app.MapPost("/recommend", async context =>
        {
            using var request = await JsonDocument.ParseAsync(context.Request.Body);
            var k = request.RootElement.TryGetProperty("k", out var kElement) ? kElement.GetInt32() : 10;
            context.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(context.Response.Body);
            writer.WriteStartObject();
            writer.WriteStartArray("items");
            for (var i = 0; i < k; i++)
            {
                writer.WriteNumberValue(i + 1);
            }

            writer.WriteEndArray();
            writer.WriteString("alias", "bench");
            writer.WriteString("modelVersion", "1");
            if (context.Request.Headers.TryGetValue(BanditHeaders.Arm, out var arm))
            {
                writer.WriteString("arm", arm.ToString());
                writer.WriteString("decisionId", context.Request.Headers[BanditHeaders.Decision].ToString());
                writer.WriteString("propensity", context.Request.Headers[BanditHeaders.Propensity].ToString());
            }

            writer.WriteEndObject();
        }), port, LogLevel.None, cancellationToken);

    /// <summary>
    /// The floor of <c>POST /update</c>: bare Kestrel on loopback that parses the same JSON body
    /// (<c>{"decisionId": "...", "reward": 0..1}</c>) into a document, reads both fields and answers a small JSON — what
    /// any endpoint taking that body costs, with no signature check and no store.
    /// </summary>
    public static Task<WebApplication> StartBareUpdateEndpointAsync(int port, CancellationToken cancellationToken) =>
        LoopbackApp.StartAsync(app => app.MapPost("/update", async context =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var root = body.RootElement;
            var id = root.GetProperty("decisionId").GetString();
            var reward = root.GetProperty("reward").GetDouble();
            context.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(context.Response.Body);
            writer.WriteStartObject();
            writer.WriteString("decisionId", id);
            writer.WriteNumber("reward", reward);
            writer.WriteString("status", "recorded");
            writer.WriteEndObject();
        }), port, LogLevel.None, cancellationToken);

    /// <summary>
    /// The environment of a Router process on the bench's Redis, with <paramref name="variantAddress"/> behind both arms,
    /// no MLflow export and its <c>/update</c> rate limit far above what a bench sends (so its cost counts, not its cap);
    /// <paramref name="extra"/> keys (<c>:</c> or <c>__</c>) come last and win.
    /// </summary>
    public static Dictionary<string, string> RouterEnvironment(int redisPort, string variantAddress, IEnumerable<KeyValuePair<string, string?>> extra) =>
        new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = $"127.0.0.1:{redisPort},abortConnect=false",
            ["services:variant-a:http:0"] = variantAddress,
            ["services:variant-b:http:0"] = variantAddress,
            ["Router:ExportInterval"] = "00:00:00",
            ["Router:UpdateRateLimit:PermitsPerSecond"] = "10000000",
            ["Router:UpdateRateLimit:Burst"] = "10000000",
        }.Concat(extra).GroupBy(p => p.Key.Replace(":", "__", StringComparison.Ordinal)).ToDictionary(g => g.Key, g => g.Last().Value ?? "");

    /// <summary>
    /// Records <paramref name="count"/> decisions through <paramref name="router"/>'s services (a Router on the bench's
    /// Redis: same secret, same experiment) and writes their ids into <paramref name="files"/> files under
    /// <paramref name="dir"/>, one per wrk thread, so no <c>/update</c> repeats a decision.
    /// </summary>
    public static async Task<string[]> DecisionTokenFilesAsync(IServiceProvider router, int count, int files, string dir, string name, CancellationToken cancellationToken)
    {
        var tokens = await RouterUpdateBench.RecordDecisionsAsync(router, Math.Max(files, count), cancellationToken);
        var paths = new string[files];
        for (var i = 0; i < files; i++)
        {
            paths[i] = Path.Combine(dir, $"{name}-{i}.txt");
            await File.WriteAllLinesAsync(paths[i], tokens.Where((_, k) => k % files == i), cancellationToken);
        }

        return paths;
    }

    /// <summary>
    /// Whether a wrk <c>/update</c> phase stayed within the decisions of its token files. The update script starts over
    /// at the end of its file, and a repeated decision is a cheap duplicate (the reward script stops at its marker), so a
    /// phase that ran past its tokens would overstate the rate; the benches size their files from the fastest rate
    /// expected and refuse a figure that outran them.
    /// </summary>
    public static bool StayedFresh(WrkResult phase, params string[] tokenFiles) =>
        phase.Requests <= tokenFiles.Sum(f => File.ReadLines(f).LongCount());

    /// <summary>A redis-server on a free loopback port without persistence; kill it when done.</summary>
    public static async Task<(Process Process, int Port)> StartRedisAsync(CancellationToken cancellationToken)
    {
        var port = FreePort();
        var psi = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            psi.ArgumentList.Add(arg);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("redis-server did not start (apt-get install redis-server)");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return (process, port);
            }
            catch (SocketException)
            {
                await Task.Delay(25, cancellationToken);
            }
        }

        process.Kill();
        throw new TimeoutException("redis-server did not listen within 5 s");
    }

    /// <summary>The p-th percentile (0..1) of sorted values, nearest rank.</summary>
    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
