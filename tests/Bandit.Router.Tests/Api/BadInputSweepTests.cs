using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Bandit.Contracts;
using Bandit.Router.Tests.Integration;
using Bandit.Router.Tests.Support;
using Bandit.TestSupport;
using Xunit.Abstractions;

namespace Bandit.Router.Tests.Api;

/// <summary>
/// The bad-input sweep (<see cref="BadInputSweep"/>) over every operation of the Router's OpenAPI document, on a Router
/// that follows its config on the local registry (so a promotion or a strategy switch the sweep gets through reaches a
/// real registry, not a 503 from a missing one): garbage in every field, body, Content-Type, size, path and query
/// parameter, and on <c>/admin/*</c> no or a wrong key (401) and bad bodies with the right one. Never a 5xx, every 4xx a
/// problem, and after every refused write <c>/stats</c> counters and <c>/config</c> read as before.
/// <see cref="BadInputTests"/> holds the hand-picked cases and their exact statuses; this guards any route or field added later.
/// </summary>
public sealed class BadInputSweepTests(RegistryFixture fixture, ITestOutputHelper output) : IClassFixture<RegistryFixture>
{
    private const string AdminKey = "bad-input-sweep-admin-key-0123";

    [Fact]
    public async Task EveryOperation_BadInput_IsNever5xxAlwaysAProblemAndChangesNothing()
    {
        var tag = TestConfigs.NewTag();
        var policies = "policies_" + tag;
        await fixture.SeedPoliciesAsync(policies, "sweep_" + tag);
        await using var router = await RunningRouter.StartAsync(fixture.RouterFollowing("router_cfg_" + tag)
            .WithConfig(TestConfigs.TwoArms(StrategyNames.Thompson, tag)).Set("Router:AdminKey", AdminKey));
        var decision = (await router.Client.ChooseAsync(7, k: 1)).DecisionId;

        var report = await BadInputSweep.RunAsync(new BadInputSweepOptions
        {
            Http = router.Client.Http,
            MaxBodyBytes = 1024 * 1024, // the largest: /update's Router:MaxUpdateBodyBytes (/choose takes 16 KB, /admin/* 64 KB)
            NeedsAuth = path => path.StartsWith("/admin/", StringComparison.Ordinal),
            Authorize = request => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey),
            Samples = new Dictionary<(string, string), RouteSample>
            {
                [("POST", "/choose")] = new(Body: """{"userId": 1, "k": 2}"""),
                [("POST", "/update")] = new(Body: $$"""{"decisionId": "{{decision}}", "reward": 1}"""),
                [("PUT", "/admin/strategy")] = new(Body: """{"strategy": "hash", "weights": [0.5, 0.5]}"""),
                [("POST", "/admin/reset")] = new(Body: "{}"),
                [("POST", "/admin/promote")] = new(Body: $$"""{"model": "{{policies}}", "alias": "PolicyA", "version": "1", "reason": "sweep"}"""),
            },
            SnapshotAsync = () => SnapshotAsync(router.Client),
        });

        output.WriteLine(report.ToString());
        foreach (var accepted in report.Accepted)
        {
            output.WriteLine("accepted: " + accepted);
        }

        report.AssertClean();
        Assert.Contains("PUT /admin/strategy", report.Operations);

        // What the Router took is a well-formed request: a field set to a value of its kind (a version it already has, an
        // optional field left out), JSON without its Content-Type (allowed) or with a query nobody reads, a reset's empty
        // body, an empty /update batch.
        Assert.All(report.Accepted, accepted => Assert.Matches(
            @"\[field |\[well-formed body without Content-Type\]|\[undeclared junk query\]|^POST /admin/reset \[body (empty|empty-object|whitespace)\]|^POST /update \[body array\]", accepted));
    }

    /// <summary>Every arm's counters, the strategy and config version from <c>/stats</c>, and the whole of <c>/config</c>.</summary>
    private static async Task<string> SnapshotAsync(RouterClient client)
    {
        var stats = await client.GetJsonAsync("stats");
        var arms = string.Join(";", stats.GetProperty("arms").EnumerateArray().Select(a =>
            $"{a.GetProperty("arm").GetString()}:{a.GetProperty("pulls").GetInt64()}/{a.GetProperty("updates").GetInt64()}/{a.GetProperty("rewards").GetDouble()}/{a.GetProperty("failures").GetInt64()}"));
        var config = JsonNode.Parse(await client.Http.GetStringAsync("config"))!.AsObject();
        config.Remove("loadedAt"); // when the config poll last read it: not the experiment's state
        return $"{stats.GetProperty("configVersion").GetString()} {stats.GetProperty("strategy").GetString()} {arms} config={config.ToJsonString()}";
    }
}
