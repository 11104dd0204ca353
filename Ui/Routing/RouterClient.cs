using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bandit.Contracts;
using Bandit.Ui.Extensions;
using Bandit.Ui.Upstream;
using Microsoft.Extensions.Options;

namespace Bandit.Ui.Routing;

/// <summary>
/// A typed client of the Router's HTTP API (<c>/choose</c>, <c>/update</c>, <c>/stats</c>, <c>/config</c>,
/// <c>/admin/*</c>); <c>http.BaseAddress</c> is <c>http://router</c>, resolved by service discovery from <c>services:router:http:0</c>. Every failure, of the connection or
/// an RFC 7807 answer, surfaces as an <see cref="UpstreamException"/> with a readable message.
/// </summary>
public sealed class RouterClient(HttpClient http, IOptions<UiOptions> options)
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = http;
    private readonly UiOptions _options = options.Value;

    /// <summary>Where the Router is, as a person reads it: the address service discovery resolves <c>http://router</c> to.</summary>
    public Uri BaseAddress => new(options.Value.RouterAddress);

    /// <summary><c>POST /choose</c>: recommendations for <paramref name="userId"/> from the arm the Router picks.</summary>
    public async Task<ChooseResult> ChooseAsync(long userId, int k, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "choose") { Content = JsonContent.Create(new { userId, k }) };
        return await SendAsync(request, async response =>
        {
            var body = await response.Content.ReadFromJsonAsync<ChooseResult>(_json, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("empty /choose answer");
            return body with
            {
                Items = body.Items ?? [],
                Arm = body.Arm ?? Header(response, BanditHeaders.Arm),
                DecisionId = body.DecisionId ?? Header(response, BanditHeaders.Decision),
                Propensity = body.Propensity ?? (double.TryParse(Header(response, BanditHeaders.Propensity), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p : null),
            };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>POST /update</c>: the reward (0 or 1) of one decision.</summary>
    public async Task<RewardResult> RewardAsync(string decisionId, int reward, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "update") { Content = JsonContent.Create(new { decisionId, reward }) };
        return await SendAsync(request, r => Read<RewardResult>(r, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<RouterStats> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "stats");
        return await SendAsync(request, r => Read<RouterStats>(r, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<RouterConfigInfo> GetConfigAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "config");
        return await SendAsync(request, r => Read<RouterConfigInfo>(r, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GET /stats/history</c>: the Router's snapshots of the last <paramref name="minutes"/>, at most <paramref name="points"/>.</summary>
    public async Task<RouterHistory> GetHistoryAsync(int minutes, int points, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, FormattableString.Invariant($"stats/history?minutes={minutes}&points={points}"));
        return await SendAsync(request, r => Read<RouterHistory>(r, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GET /stats/offpolicy</c>: IPS/SNIPS of each "always arm k" policy and the uniform one over the last <paramref name="window"/> decisions.</summary>
    public async Task<OffPolicyResult> GetOffPolicyAsync(int window, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, FormattableString.Invariant($"stats/offpolicy?window={window}"));
        return await SendAsync(request, r => Read<OffPolicyResult>(r, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    // The admin calls carry the signed-in operator's own credential: the Ui holds no key of its own.

    /// <summary><c>GET /admin/whoami</c>: whether the Router accepts <paramref name="credential"/>, changing nothing.</summary>
    public async Task<string> WhoAmIAsync(string credential, CancellationToken cancellationToken = default)
    {
        using var request = Admin(HttpMethod.Get, "admin/whoami", credential);
        return (await SendAsync(request, r => Read<WhoAmI>(r, cancellationToken), cancellationToken).ConfigureAwait(false)).Identity;
    }

    /// <summary><c>PUT /admin/strategy</c>; answers the new config.</summary>
    public async Task<RouterConfigInfo> SetStrategyAsync(string credential, string strategy, IReadOnlyList<double>? weights, CancellationToken cancellationToken = default)
    {
        using var request = Admin(HttpMethod.Put, "admin/strategy", credential);
        request.Content = JsonContent.Create(new { strategy, weights });
        return await SendAsync(request, r => Read<RouterConfigInfo>(r, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>POST /admin/promote</c>: the Router moves the alias (the Ui never writes the registry).</summary>
    public async Task<PromoteResult> PromoteAsync(string credential, string model, string alias, string version, string? reason, CancellationToken cancellationToken = default)
    {
        using var request = Admin(HttpMethod.Post, "admin/promote", credential);
        request.Content = JsonContent.Create(new { model, alias, version, reason });
        return await SendAsync(request, r => Read<PromoteResult>(r, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>POST /admin/reset</c>: clears the experiment's counters.</summary>
    public async Task ResetAsync(string credential, CancellationToken cancellationToken = default)
    {
        using var request = Admin(HttpMethod.Post, "admin/reset", credential);
        await SendAsync(request, _ => Task.FromResult(true), cancellationToken).ConfigureAwait(false);
    }

    private static HttpRequestMessage Admin(HttpMethod method, string path, string credential)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        return request;
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, Func<HttpResponseMessage, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RouterTimeout);
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ProblemAsync(request, response, timeout.Token).ConfigureAwait(false);
            }

            return await read(response).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not UpstreamException && UpstreamErrors.IsCallFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            throw UpstreamErrors.Describe(UpstreamErrors.Router, BaseAddress, e);
        }
    }

    private static async Task<T> Read<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<T>(_json, cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException($"empty answer from {response.RequestMessage?.RequestUri?.AbsolutePath}");

    /// <summary>"The Router answered 503 Service Unavailable to POST /choose: no healthy arm (every variant failed)."</summary>
    private async Task<UpstreamException> ProblemAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? title = null, detail = null;
        try
        {
            using var problem = JsonDocument.Parse(text);
            if (problem.RootElement.ValueKind == JsonValueKind.Object)
            {
                title = problem.RootElement.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                detail = problem.RootElement.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            }
        }
        catch (JsonException)
        {
            detail = text.Length > 0 && !text.TrimStart().StartsWith('<') ? text : null; // keep plain text, drop an HTML page
        }

        var reason = (title, detail) switch
        {
            (not null, not null) => $": {title} ({detail})",
            (not null, null) => $": {title}",
            (null, not null) => $": {detail}",
            _ => ".",
        };
        var status = response.StatusCode;
        return new UpstreamException(UpstreamErrors.Router,
            $"The Router at {BaseAddress.GetLeftPart(UriPartial.Authority)} answered {UpstreamErrors.StatusText(status)} to {request.Method} {PathOf(request)}{UpstreamErrors.Trim(reason)}",
            status);
    }

    private static string PathOf(HttpRequestMessage request) =>
        request.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsolutePath : "/" + request.RequestUri?.OriginalString.TrimStart('/');

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    internal static bool IsUnauthorized(UpstreamException e) => e.StatusCode == HttpStatusCode.Unauthorized;

    private sealed record WhoAmI(string Identity);
}
