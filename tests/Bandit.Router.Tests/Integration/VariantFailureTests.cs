using System.Net;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Tests.Support;

namespace Bandit.Router.Tests.Integration;

/// <summary>A variant that is down or answers 5xx: traffic goes to the other arm, recorded as such; the arm rejoins.</summary>
public sealed class VariantFailureTests : IAsyncLifetime
{
    private readonly VariantPair _variants = new();
    private readonly RouterConfig _config = TestConfigs.TwoArms(StrategyNames.Hash, TestConfigs.NewTag());
    private RunningRouter? _router;

    private RouterClient Client => _router!.Client;

    private string ArmA => _config.Arms[0].Name;

    private string ArmB => _config.Arms[1].Name;

    public async Task InitializeAsync()
    {
        await _variants.InitializeAsync();
        _router = await RunningRouter.StartAsync(new RouterSettings().WithVariants(_variants.A, _variants.B).WithConfig(_config).Set("Router:UnhealthyFor", "00:00:01"));
    }

    public async Task DisposeAsync()
    {
        await _router!.DisposeAsync();
        await _variants.DisposeAsync();
    }

    [Fact]
    public async Task VariantDown_TrafficGoesToTheOtherArm_AndRejoinsWhenBack()
    {
        var usersOfA = await UsersOfArmAAsync(10);
        var pullsOfB = (await Client.ArmStatsAsync(ArmB)).GetProperty("pulls").GetInt64();
        await _variants.A.StopAsync();

        var during = new List<Choice>();
        foreach (var user in usersOfA)
        {
            during.Add(await Client.ChooseAsync(user));
        }

        Assert.All(during, c => Assert.Equal(ArmB, c.Arm));
        Assert.All(during, c => Assert.Equal("PolicyB", c.Alias));
        Assert.Equal(1.0, during[^1].Propensity); // with A out, B holds every available bucket
        var statsA = await Client.ArmStatsAsync(ArmA);
        Assert.False(statsA.GetProperty("healthy").GetBoolean());
        Assert.True(statsA.GetProperty("failures").GetInt64() >= 1);
        Assert.Equal(10, statsA.GetProperty("pulls").GetInt64()); // only the first 10 lookups; failed decisions are taken back
        Assert.Equal(pullsOfB + usersOfA.Count, (await Client.ArmStatsAsync(ArmB)).GetProperty("pulls").GetInt64()); // A's traffic, counted on B
        Assert.Equal("recorded", (await Client.UpdateAsync(during[0].DecisionId, 1.0)).Body!.Value.GetProperty("status").GetString());

        await _variants.A.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.3));

        var after = new List<Choice>();
        foreach (var user in usersOfA)
        {
            after.Add(await Client.ChooseAsync(user));
        }

        Assert.All(after, c => Assert.Equal(ArmA, c.Arm));
        Assert.True((await Client.ArmStatsAsync(ArmA)).GetProperty("healthy").GetBoolean());
    }

    [Fact]
    public async Task Variant5xx_RetriedOnceOnTheOtherArm_FailedDecisionNotRewardable()
    {
        var user = (await UsersOfArmAAsync(1))[0];
        var pullsBefore = (await Client.ArmStatsAsync(ArmA)).GetProperty("pulls").GetInt64();
        _variants.A.FailWith = 500;
        try
        {
            var choice = await Client.ChooseAsync(user);

            Assert.Equal(ArmB, choice.Arm);
            Assert.Equal(choice.Arm, choice.HeaderArm);
            var statsA = await Client.ArmStatsAsync(ArmA);
            Assert.Equal(pullsBefore, statsA.GetProperty("pulls").GetInt64());
            Assert.Equal(1, statsA.GetProperty("failures").GetInt64());
        }
        finally
        {
            _variants.A.FailWith = 0;
        }
    }

    [Fact]
    public async Task BothVariantsDown_Is502ProblemDetails()
    {
        await _variants.A.StopAsync();
        await _variants.B.StopAsync();

        var (status, body, contentType) = await Client.PostRawAsync("choose", "{\"userId\":5}");

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(502, body!.Value.GetProperty("status").GetInt32());
        var stats = await Client.GetJsonAsync("stats");
        Assert.Equal(0, stats.GetProperty("totalPulls").GetInt64());
    }

    private async Task<List<long>> UsersOfArmAAsync(int count)
    {
        var users = new List<long>();
        for (var user = 0L; users.Count < count; user++)
        {
            if ((await Client.ChooseAsync(user)).Arm == ArmA)
            {
                users.Add(user);
            }
        }

        return users;
    }
}
