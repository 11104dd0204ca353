using System.Net;
using System.Net.Http.Headers;

namespace Bandit.Router.Tests.Api;

public sealed class AdminApiTests(InMemoryRouterFixture fixture) : IClassFixture<InMemoryRouterFixture>
{
    [Fact]
    public async Task Reset_WithKey_ClearsCountersAndOlderDecisionsBecomeStale()
    {
        var before = await fixture.Client.ChooseAsync(21);
        await fixture.Client.UpdateAsync(before.DecisionId, 1.0);
        var unrewarded = await fixture.Client.ChooseAsync(22);
        using var request = new HttpRequestMessage(HttpMethod.Post, "admin/reset");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", InMemoryRouterFixture.AdminKey);

        using var response = await fixture.Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stats = await fixture.Client.GetJsonAsync("stats");
        Assert.Equal(0, stats.GetProperty("totalPulls").GetInt64());
        Assert.Equal(1, stats.GetProperty("epoch").GetInt64());
        Assert.All(stats.GetProperty("arms").EnumerateArray(), a => Assert.Equal(0, a.GetProperty("updates").GetInt64()));
        Assert.Equal("stale", (await fixture.Client.UpdateAsync(unrewarded.DecisionId, 1.0)).Body!.Value.GetProperty("status").GetString());
        Assert.All((await fixture.Client.GetJsonAsync("stats")).GetProperty("arms").EnumerateArray(), a => Assert.Equal(0, a.GetProperty("updates").GetInt64()));
    }

    [Fact]
    public async Task Strategy_WithKeyButNoRegistry_Is503AndNothingChanges()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "admin/strategy") { Content = new StringContent("{\"strategy\":\"ucb1\"}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", InMemoryRouterFixture.AdminKey);

        using var response = await fixture.Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("thompson", (await fixture.Client.GetJsonAsync("stats")).GetProperty("strategy").GetString());
    }
}
