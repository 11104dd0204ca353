using System.Net;

namespace Bandit.Router.Tests.Api;

public sealed class OffPolicyApiTests(InMemoryRouterFixture fixture) : IClassFixture<InMemoryRouterFixture>
{
    [Fact]
    public async Task OffPolicy_AfterDecisionsAndRewards_EstimatesEachPolicyWithEss()
    {
        for (var user = 0; user < 20; user++)
        {
            var choice = await fixture.Client.ChooseAsync(9000 + user);
            await fixture.Client.UpdateAsync(choice.DecisionId, user % 2);
        }

        var body = await fixture.Client.GetJsonAsync("/stats/offpolicy?window=1000");

        Assert.Equal(1000, body.GetProperty("window").GetInt32());
        Assert.True(body.GetProperty("decisions").GetInt32() >= 20);
        var policies = body.GetProperty("policies").EnumerateArray().ToArray();
        Assert.Equal(3, policies.Length);
        Assert.Equal("uniform", policies[2].GetProperty("policy").GetString());
        Assert.True(policies[2].GetProperty("ess").GetDouble() > 0);
        // A few dozen decisions are far below the ESS floor of 100: the answer says so.
        Assert.NotEmpty(body.GetProperty("warnings").EnumerateArray());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("100001")]
    [InlineData("abc")]
    [InlineData("1.5")]
    public async Task OffPolicy_BadWindow_Is400ProblemDetails(string window)
    {
        var response = await fixture.Client.Http.GetAsync($"/stats/offpolicy?window={window}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
