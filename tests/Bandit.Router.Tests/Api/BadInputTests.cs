using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bandit.Allocation;
using Bandit.TestSupport;

namespace Bandit.Router.Tests.Api;

/// <summary>
/// Malformed JSON, wrong types, huge bodies, extreme numbers, forged ids, odd Unicode and wrong Content-Types on every
/// public Router route: always a 4xx problem-details answer (413 too large, 415 wrong type), never a 500, and the
/// experiment's counters and config unchanged.
/// </summary>
public sealed class BadInputTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    private const string Json = "application/json";

    private static readonly string _emoji100K = string.Concat(Enumerable.Repeat("😀", 25_600)); // 100 KB of UTF-8

    public static TheoryData<string, string, string?, string, int?> Cases()
    {
        var data = new TheoryData<string, string, string?, string, int?>();
        var bigPadding = new string(' ', 1024 * 1024 + 10);
        foreach (var (path, method) in new[] { ("choose", "POST"), ("update", "POST"), ("admin/strategy", "PUT") })
        {
            data.Add(method, path, Json, "", 400);
            data.Add(method, path, Json, "{", 400);
            data.Add(method, path, Json, "{\"a\":", 400);
            data.Add(method, path, Json, "nul", 400);
            data.Add(method, path, Json, "\"\\ud800\"", 400);
            data.Add(method, path, Json, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", 400);
            data.Add(method, path, "text/plain", "{\"userId\":1}", 415);
            data.Add(method, path, "application/x-www-form-urlencoded", "userId=1", 415);
            data.Add(method, path, "application/xml", "<userId>1</userId>", 415);
            data.Add(method, path, Json, "{\"x\":\"" + _emoji100K + "\"}", path == "update" ? 400 : 413); // /update takes up to 1 MB
            data.Add(method, path, Json, bigPadding + "{}", 413);
        }

        foreach (var userId in new[] { "1e300", "-1", "9223372036854775808", "1.5", "\"1\"", "\"\\ud800\"", "\"\\u0000\"", "\"\\u202e1\"", "null", "true", "[]", "{}" })
        {
            data.Add("POST", "choose", Json, $"{{\"userId\":{userId}}}", 400);
        }

        foreach (var k in new[] { "0", "-1", "101", "1e300", "2147483648", "\"10\"", "\"\\ud800\"" })
        {
            data.Add("POST", "choose", Json, $"{{\"userId\":1,\"k\":{k}}}", 400);
        }

        foreach (var id in new[] { "\"\\ud800\"", "\"\\u0000\"", "\"\\u202eabc\"", "\"\"", "\"" + new string('a', 5000) + "\"", "\"" + _emoji100K[..2000] + "\"", "42", "null", "{}", "[\"x\"]" })
        {
            data.Add("POST", "update", Json, $"{{\"decisionId\":{id},\"reward\":1}}", null); // 400 or 404
        }

        foreach (var reward in new[] { "1e300", "-1", "9223372036854775808", "-0.0001", "1.0001", "\"1\"", "null", "true", "[1]", "1e400" })
        {
            data.Add("POST", "update", Json, $"{{\"decisionId\":\"DECISION\",\"reward\":{reward}}}", 400);
        }

        data.Add("POST", "update", Json, "[" + string.Join(",", Enumerable.Repeat("{\"decisionId\":\"x\",\"reward\":1}", 1001)) + "]", 400);
        foreach (var body in new[] { "{\"strategy\":\"\\ud800\"}", "{\"strategy\":\"hash\\u0000\"}", "{\"strategy\":\"\\u202ehsah\"}", "{\"strategy\":42}",
                     "{\"strategy\":\"hash\",\"weights\":[1e300,1]}", "{\"strategy\":\"hash\",\"weights\":[1e400,1]}", "{\"strategy\":\"hash\",\"weights\":[-1,2]}",
                     "{\"strategy\":\"hash\",\"weights\":\"0.5,0.5\"}", "{\"strategy\":\"hash\",\"weights\":[9223372036854775808,1]}", "{\"strategy\":\"" + _emoji100K[..4000] + "\"}" })
        {
            data.Add("PUT", "admin/strategy", Json, body, 400);
        }

        data.Add("POST", "admin/reset", Json, "{", 400);
        data.Add("POST", "admin/reset", Json, "{\"everything\":true}", 400);
        data.Add("POST", "admin/reset", "text/plain", "reset", 415);
        data.Add("POST", "admin/reset", Json, "{\"x\":\"" + _emoji100K + "\"}", 413);
        data.Add("POST", "webhooks/mlflow", Json, "{", 401);
        data.Add("POST", "webhooks/mlflow", Json, "{\"entity\":\"model_version_alias\",\"action\":\"created\",\"data\":{\"name\":\"\\ud800\",\"alias\":\"router\"}}", 401);
        data.Add("POST", "webhooks/mlflow", Json, "{\"x\":\"" + _emoji100K + "\"}", 413);
        data.Add("POST", "webhooks/mlflow", "text/plain", "", 401);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task PublicRoute_BadInput_Is4xxProblemDetailsAndChangesNothing(string method, string path, string? contentType, string body, int? expected)
    {
        var before = await SnapshotAsync();
        var valid = await fixture.Client.ChooseAsync(77, k: 1);
        body = body.Replace("DECISION", valid.DecisionId, StringComparison.Ordinal);
        var snapshot = await SnapshotAsync();

        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        if (path.StartsWith("admin/", StringComparison.Ordinal))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BadInputFixture.AdminKey);
        }

        if (path.StartsWith("webhooks/", StringComparison.Ordinal))
        {
            request.Headers.Add(Bandit.Mlflow.MlflowWebhookSignature.DeliveryIdHeader, "d-1");
            request.Headers.Add(Bandit.Mlflow.MlflowWebhookSignature.TimestampHeader, DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add(Bandit.Mlflow.MlflowWebhookSignature.SignatureHeader, "v1,forged");
        }

        using var response = await fixture.Client.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        var status = (int)response.StatusCode;
        Assert.True(expected is null ? status is 400 or 404 : status == expected, $"{method} /{path} answered {status}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(snapshot, await SnapshotAsync());
        Assert.Equal(before.Version, snapshot.Version);
    }

    /// <summary>
    /// A chunked body whose framing breaks after its first chunk (Kestrel: "Bad chunk size data"), on a raw socket: the
    /// shared reader's 400 "Incomplete request body" problem on every route that reads a body. Before, each route read any
    /// refusal that was not a 415 as a 413 "body too large".
    /// </summary>
    [Theory]
    [InlineData("POST", "choose")]
    [InlineData("POST", "update")]
    [InlineData("PUT", "admin/strategy")]
    [InlineData("POST", "admin/reset")]
    [InlineData("POST", "admin/promote")]
    [InlineData("POST", "webhooks/mlflow")]
    public async Task PublicRoute_BodyBreaksOff_Is400IncompleteBodyAndChangesNothing(string method, string path)
    {
        var snapshot = await SnapshotAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        using var socket = await RawHttp.SendAsync(fixture.Client.Http.BaseAddress!, method, path,
            ["Content-Type: application/json", "Transfer-Encoding: chunked", $"Authorization: Bearer {BadInputFixture.AdminKey}"], "2\r\n{}\r\nzz\r\n", timeout.Token);
        var (head, body) = await RawHttp.ReadAnswerAsync(socket, timeout.Token);

        Assert.True(head.StartsWith("HTTP/1.1 400 ", StringComparison.Ordinal), $"{method} /{path} answered {head}\n{body}");
        Assert.Contains("Content-Type: application/problem+json", head, StringComparison.OrdinalIgnoreCase);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal("Incomplete request body", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal(snapshot, await SnapshotAsync());
    }

    [Theory]
    [InlineData("stats?arm=%ff%fe&x=\u202e&y=%00")]
    [InlineData("stats?arm=" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("stats?%ud800=1&epoch=-1&window=1e300")]
    [InlineData("config?version=../../etc/passwd")]
    public async Task ReadRoutes_JunkQuery_IsIgnored(string path)
    {
        using var response = await fixture.Client.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(fixture.Config.ExperimentKey, body.RootElement.GetProperty("experiment").GetString());
    }

    [Fact]
    public async Task UpdateBatch_OnlyBadElements_Is200WithEachRejectedAndChangesNothing()
    {
        var before = await SnapshotAsync();
        var forged = DecisionToken.Create(Encoding.UTF8.GetBytes("not-the-router-secret-0123456789"), fixture.Config.ExperimentKey, fixture.Config.Arms[0].Name, 0.5, DateTimeOffset.UtcNow, SharedRandomSource.Instance);

        var (status, body, _) = await fixture.Client.PostRawAsync("update",
            $"[{{\"decisionId\":\"{forged}\",\"reward\":1}},{{\"decisionId\":\"\\ud800\",\"reward\":1}},42,{{\"decisionId\":\"x\",\"reward\":1e300}},null]");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["unknown", "unknown", "invalid", "invalid", "invalid"], body!.Value.EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(before, await SnapshotAsync());
    }

    /// <summary>Config version, strategy and every arm's counters, as <c>/stats</c> reports them.</summary>
    private async Task<(string Version, string Strategy, string Arms)> SnapshotAsync()
    {
        var stats = await fixture.Client.GetJsonAsync("stats");
        var arms = string.Join(";", stats.GetProperty("arms").EnumerateArray().Select(a =>
            $"{a.GetProperty("arm").GetString()}:{a.GetProperty("pulls").GetInt64()}/{a.GetProperty("updates").GetInt64()}/{a.GetProperty("rewards").GetDouble()}/{a.GetProperty("failures").GetInt64()}"));
        return (stats.GetProperty("configVersion").GetString()!, stats.GetProperty("strategy").GetString()!, arms);
    }
}
