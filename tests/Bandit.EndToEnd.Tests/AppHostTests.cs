using System.Net.Http.Json;
using System.Text.Json;
using Bandit.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Bandit.EndToEnd.Tests;

/// <summary>
/// What the AppHost promises: every resource up and healthy (the Trainer finished), every arm it declares served by
/// its own variant and listed by the Router and the Ui, the Router's two replicas sharing one experiment through
/// Redis, and faults injected with Aspire's own resource commands.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class AppHostTests(AspireSystem system, ITestOutputHelper output)
{
    [Fact]
    public async Task Start_EveryResourceHealthy_TrainerFinishedAndRouterHasTwoReplicas()
    {
        var notifications = system.App.ResourceNotifications;
        Assert.True(notifications.TryGetCurrentState("trainer", out var trainer));
        Assert.Equal(KnownResourceStates.Finished, trainer.Snapshot.State?.Text);
        Assert.Equal(0, trainer.Snapshot.ExitCode);

        var replicas = await system.ReplicaIdsAsync("router");
        output.WriteLine("router replicas: " + string.Join(", ", replicas));
        Assert.Equal(2, replicas.Count);

        foreach (var name in new[] { "redis", "mlflow", "ui" }.Concat(system.DeclaredArms.Select(a => a.Resource)).Concat(replicas))
        {
            Assert.True(notifications.TryGetCurrentState(name, out var state), $"{name} has no state");
            output.WriteLine($"{name}: {state.Snapshot.State?.Text} {state.Snapshot.HealthStatus}");
            Assert.Equal(KnownResourceStates.Running, state.Snapshot.State?.Text);
            Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, state.Snapshot.HealthStatus);
        }
    }

    [Fact]
    public async Task Arms_DeclaredInTheAppHost_EachVariantHealthyAndTheConfigStatsAndUiListEveryOne()
    {
        // The AppHost declares three arms (issue 19); each runs as its own variant serving its alias.
        output.WriteLine("declared: " + string.Join(", ", system.DeclaredArms.Select(a => $"{a.Resource} → {a.Alias}")));
        Assert.Equal([("variant-a", "PolicyA"), ("variant-b", "PolicyB"), ("variant-c", "PolicyC")], system.DeclaredArms);
        Assert.True(system.App.ResourceNotifications.TryGetCurrentState("variant-c", out var c));
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, c.Snapshot.HealthStatus);

        // The Trainer registered a router config over exactly those arms (name = alias, service = resource).
        Assert.Equal(system.DeclaredArms.Select(a => (a.Alias, a.Alias, a.Resource)), system.ConfigArms);

        // Every arm answers through the Router: a hash split with equal weights over 90 users reaches each.
        await system.UseStrategyAsync("hash", system.Weights(_ => 1.0));
        var served = new HashSet<string>();
        for (var user = 9_000; user < 9_090; user++)
        {
            served.Add((await ChooseAsync(system.Router, user)).Arm);
        }

        Assert.Equal(system.ConfigArms.Select(a => a.Name).Order(), served.Order());

        var stats = (await GetJsonAsync(system.Router, "/stats")).GetProperty("arms").EnumerateArray()
            .Select(a => (a.GetProperty("arm").GetString(), a.GetProperty("service").GetString(), a.GetProperty("healthy").GetBoolean())).ToList();
        Assert.Equal(3, stats.Count);
        Assert.Equal(system.ConfigArms.Select(a => ((string?)a.Name, (string?)a.Service, true)), stats);

        // The Ui's experiment page has a row per arm.
        var page = await system.Ui.GetStringAsync("/experiment");
        var rows = System.Text.RegularExpressions.Regex.Matches(page, "<tr data-arm=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(system.ConfigArms.Select(a => a.Name), rows);
    }

    [Fact]
    public async Task ChooseUpdateStats_AcrossBothReplicas_CountsExactAndHashSplitSticksPerUser()
    {
        await system.UseStrategyAsync("hash", system.Weights(_ => 1.0));

        // A new connection per request, so Aspire's proxy in front of the two replicas spreads the requests; the
        // dashboard's traces say which replica answered each one (service.instance.id).
        using var router = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero })
        {
            BaseAddress = system.Router.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

        var arms = new Dictionary<int, string>();
        var traces = new List<string>();
        var rewards = 0.0;
        for (var user = 5_000; user < 5_100; user++)
        {
            var first = await ChooseAsync(router, user, traces);
            var second = await ChooseAsync(router, user, traces);
            Assert.Equal(first.Arm, second.Arm);
            arms[user] = first.Arm;

            var reward = user % 3 == 0 ? 1.0 : 0.0;
            rewards += reward;
            await UpdateAsync(router, first.DecisionId, reward);
            await UpdateAsync(router, first.DecisionId, reward); // a client's retry, on either replica: counted once
            await UpdateAsync(router, second.DecisionId, 0.0);
        }

        var instances = new HashSet<string>();
        foreach (var traceId in traces.Take(40))
        {
            var spans = await EventuallyAsync(() => system.Dashboard.TraceAsync(traceId), found => found.Any(s => s.Service == "router" && s.Kind == 2));
            instances.UnionWith(spans.Where(s => s.Service == "router" && s.Kind == 2).Select(s => s.Instance));
        }

        output.WriteLine("replicas that answered: " + string.Join(", ", instances));
        Assert.Equal(2, instances.Count);

        for (var i = 0; i < 4; i++)
        {
            var statsArms = (await GetJsonAsync(router, "/stats")).GetProperty("arms").EnumerateArray().ToList();
            Assert.Equal(200, statsArms.Sum(a => a.GetProperty("pulls").GetInt64()));
            Assert.Equal(200, statsArms.Sum(a => a.GetProperty("updates").GetInt64()));
            Assert.Equal(rewards, statsArms.Sum(a => a.GetProperty("rewards").GetDouble()), precision: 6);
        }

        // Every arm is used about equally: with K arms each user lands on an arm with probability 1/K; for K = 3,
        // Binomial(100, 1/3) below 10 or above 60 has probability < 3e-8 per arm.
        Assert.Equal(3, system.ConfigArms.Count);
        Assert.All(system.ConfigArms, arm => Assert.InRange(arms.Values.Count(a => a == arm.Name), 10, 60));
    }

    [Fact]
    public async Task RedisStoppedAndStarted_ThroughResourceCommands_RouterKeepsAnsweringAndCountsStayExact()
    {
        await system.UseStrategyAsync("thompson");

        // Every replica decides once before the outage (a new connection per call, so Aspire's proxy spreads them):
        // a replica that has never read the experiment has no posteriors to fall back on and answers 503 while Redis is down.
        using var fresh = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero })
        {
            BaseAddress = system.Router.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var decisions = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            decisions.Add((await ChooseAsync(fresh, 100 + i)).DecisionId);
        }

        await system.CommandAsync("redis", KnownResourceCommands.StopCommand);
        try
        {
            // Without Redis the Router still answers: decisions and rewards go to its outage log.
            for (var i = 0; i < 20; i++)
            {
                decisions.Add((await ChooseAsync(system.Router, 200 + i)).DecisionId);
            }

            foreach (var decision in decisions)
            {
                await UpdateAsync(system.Router, decision, 1.0);
            }
        }
        finally
        {
            await system.CommandAsync("redis", KnownResourceCommands.StartCommand);
            await system.App.ResourceNotifications.WaitForResourceHealthyAsync("redis");
        }

        // Once Redis is back the outage log drains: 40 decisions, 40 rewards, nothing lost or counted twice.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        long pulls = 0, updates = 0;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await system.Router.GetAsync("/stats");
            if (response.IsSuccessStatusCode)
            {
                var arms = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("arms").EnumerateArray().ToList();
                pulls = arms.Sum(a => a.GetProperty("pulls").GetInt64());
                updates = arms.Sum(a => a.GetProperty("updates").GetInt64());
                if (pulls == 40 && updates == 40)
                {
                    break;
                }
            }

            await Task.Delay(500);
        }

        output.WriteLine($"after the outage: pulls {pulls}, updates {updates}");
        Assert.Equal((40, 40), (pulls, updates));
    }

    [Fact]
    public async Task VariantBStopped_ThroughResourceCommand_EveryChooseIsAnsweredByTheOtherArms()
    {
        await system.UseStrategyAsync("hash", system.Weights(_ => 1.0));
        await system.CommandAsync("variant-b", KnownResourceCommands.StopCommand);
        try
        {
            // The users the hash sends to PolicyB (about a third) are answered by another arm; nobody gets an error.
            var served = new HashSet<string>();
            for (var user = 7_000; user < 7_040; user++)
            {
                served.Add((await ChooseAsync(system.Router, user)).Arm);
            }

            Assert.Equal(system.ConfigArms.Select(a => a.Name).Where(a => a != "PolicyB").Order(), served.Order());
        }
        finally
        {
            await system.CommandAsync("variant-b", KnownResourceCommands.StartCommand);
            await system.App.ResourceNotifications.WaitForResourceHealthyAsync("variant-b");
        }
    }

    private sealed record Choice(string Arm, string DecisionId);

    private static async Task<Choice> ChooseAsync(HttpClient client, int userId, List<string>? traces = null)
    {
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        traces?.Add(traceId);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/choose") { Content = JsonContent.Create(new { userId, k = 3 }) };
        request.Headers.Add("traceparent", $"00-{traceId}-{Convert.ToHexStringLower(BitConverter.GetBytes((long)userId))}-01");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"/choose {userId}: {(int)response.StatusCode} {body}");
        var json = JsonDocument.Parse(body).RootElement;
        return new(json.GetProperty("arm").GetString()!, json.GetProperty("decisionId").GetString()!);
    }

    private static async Task UpdateAsync(HttpClient client, string decisionId, double reward)
    {
        using var response = await client.PostAsJsonAsync("/update", new { decisionId, reward });
        Assert.True(response.IsSuccessStatusCode, $"/update: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            value = await read();
        }

        return value;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
