using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Bandit.Router.Tests.Support;

/// <summary>What <c>/choose</c> answered: the body's arm, decision id, propensity and alias, and the same three from the headers.</summary>
public sealed record Choice(string Arm, string DecisionId, double Propensity, string Alias, int Items, string HeaderArm, string HeaderDecision, double HeaderPropensity);

/// <summary>A thin client of one Router instance's HTTP API.</summary>
public sealed class RouterClient(Uri baseAddress) : IDisposable
{
    public HttpClient Http { get; } = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<Choice> ChooseAsync(long userId, int k = 3)
    {
        using var response = await Http.PostAsJsonAsync("choose", new { userId, k });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/choose answered {(int)response.StatusCode}: {text}");
        using var body = JsonDocument.Parse(text);
        var root = body.RootElement;
        return new Choice(
            root.GetProperty("arm").GetString()!,
            root.GetProperty("decisionId").GetString()!,
            root.GetProperty("propensity").GetDouble(),
            root.GetProperty("alias").GetString()!,
            root.GetProperty("items").GetArrayLength(),
            Header(response, "X-Bandit-Arm"),
            Header(response, "X-Bandit-Decision"),
            double.Parse(Header(response, "X-Bandit-Propensity"), CultureInfo.InvariantCulture));
    }

    /// <summary>POSTs a raw body to a path and returns status and parsed JSON (null when the body is not JSON).</summary>
    public async Task<(HttpStatusCode Status, JsonElement? Body, string? ContentType)> PostRawAsync(string path, string body, string contentType = "application/json")
    {
        using var response = await Http.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));
        return (response.StatusCode, await ReadJsonAsync(response), response.Content.Headers.ContentType?.MediaType);
    }

    public async Task<(HttpStatusCode Status, JsonElement? Body)> UpdateAsync(string decisionId, double reward)
    {
        using var response = await Http.PostAsJsonAsync("update", new { decisionId, reward });
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    public async Task<JsonElement> UpdateBatchAsync(IEnumerable<(string DecisionId, double Reward)> updates)
    {
        using var response = await Http.PostAsJsonAsync("update", updates.Select(u => new { decisionId = u.DecisionId, reward = u.Reward }).ToArray());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ReadJsonAsync(response))!.Value;
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ReadJsonAsync(response))!.Value;
    }

    /// <summary>The arm entry of <c>/stats</c> for <paramref name="arm"/>.</summary>
    public async Task<JsonElement> ArmStatsAsync(string arm)
    {
        var stats = await GetJsonAsync("stats");
        return stats.GetProperty("arms").EnumerateArray().Single(a => a.GetProperty("arm").GetString() == arm);
    }

    public void Dispose() => Http.Dispose();

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : throw new Xunit.Sdk.XunitException($"/choose response has no {name} header");

    private static async Task<JsonElement?> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
