using Bandit.TestSupport;
using System.Text.Json.Nodes;
using Bandit.Router;
using Bandit.Ui.Tests.Support;

namespace Bandit.Ui.Tests;

/// <summary>
/// The Ui against the real Router (Bandit.Router in-process on real HTTP, in-memory state, its config published to the
/// local registry) with two stand-in variants: the wire contract of /choose (through YARP), /update, /stats,
/// /stats/history, /config, /admin/whoami, /admin/strategy and /admin/promote as the Ui reads it, and the trace id carried
/// Ui → Router.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class RealRouterTests(RegistryFixture registry) : IAsyncLifetime
{
    private const string AdminKey = "real-router-admin-key";
    private FakeVariant _a = null!;
    private FakeVariant _b = null!;
    private LocalRouterServer _router = null!;
    private UiApplication _ui = null!;

    public async Task InitializeAsync()
    {
        _a = await FakeVariant.StartAsync("PolicyA", "1");
        _b = await FakeVariant.StartAsync("PolicyB", "2");
        _router = new LocalRouterServer(new Dictionary<string, string?>
        {
            ["services:variant-a:http:0"] = _a.Address,
            ["services:variant-b:http:0"] = _b.Address,
            ["MLFLOW_TRACKING_URI"] = registry.TrackingUri.ToString(),
            ["Router:AdminKey"] = AdminKey,
            ["Router:ConfigModel"] = "ui_tests_router_" + Guid.NewGuid().ToString("N")[..8],
            ["Router:ExportInterval"] = "00:00:00",
            ["Router:PosteriorCacheTtl"] = "00:00:00.020",
            ["Router:HistoryInterval"] = "00:00:00.100",
            ["Router:OutageLogPath"] = Path.Combine(Path.GetTempPath(), "bandit-ui-tests-outage", Guid.NewGuid().ToString("N")),
        });
        await _router.StartAsync();
        _ui = new UiApplication(_router.BaseAddress, registry.TrackingUri);
    }

    public async Task DisposeAsync()
    {
        await _ui.DisposeAsync();
        await _router.DisposeAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task RecommendAndClick_ThroughTheRealRouter_AreRecordedAndCounted()
    {
        var client = _ui.CreateClient();

        using var shown = await Forms.PostAsync(client, "/", "/?handler=Recommend", new Dictionary<string, string> { ["UserId"] = "11", ["K"] = "4" });
        var html = await shown.Content.ReadAsStringAsync();
        var view = System.Text.RegularExpressions.Regex.Match(html, "name=\"view\" value=\"([0-9a-f]+)\"").Groups[1].Value;
        var arm = System.Text.RegularExpressions.Regex.Match(html, "<strong class=\"arm\" id=\"arm\">([^<]+)</strong>").Groups[1].Value;
        using var clicked = await Forms.PostAsync(client, $"/?view={view}", "/?handler=Reward",
            new Dictionary<string, string> { ["view"] = view, ["reward"] = "1", ["movieId"] = "1" });
        var recorded = Forms.Text(await clicked.Content.ReadAsStringAsync());
        await Task.Delay(300); // a few history intervals
        var experiment = await client.GetStringAsync("/experiment");

        Assert.Contains("Toy Story", Forms.Text(html));
        Assert.Contains(arm, new[] { "PolicyA", "PolicyB" });
        Assert.Contains($"Model version {(arm == "PolicyA" ? "1" : "2")}", Forms.Text(html));
        Assert.Contains($"Recorded: reward 1 for “Toy Story” on arm {arm}", recorded);
        Assert.Contains("the Router says recorded", recorded);
        Assert.Contains("Decisions 1", Forms.Text(experiment));
        Assert.Contains($"<tr data-arm=\"{arm}\">", experiment);
        Assert.Contains("Beta(2, 1)", Forms.Text(experiment)); // the clicked arm: prior Beta(1, 1) + one click
        Assert.DoesNotContain("History unavailable", Forms.Text(experiment));
        Assert.DoesNotContain("collecting samples", experiment); // the Router's snapshots, read through /stats/history
    }

    [Fact]
    public async Task SignIn_WithTheRoutersKey_ThenPromote_TheRealRouterMovesTheAlias()
    {
        var seeded = await registry.SeedFreshAsync();
        await using var ui = new UiApplication(_router.BaseAddress, registry.TrackingUri, modelName: seeded.ModelName);
        var client = await ui.CreateSignedInClientAsync(AdminKey);

        using var response = await Forms.PostAsync(client, $"/models/promote?model={seeded.ModelName}&version=2&alias=PolicyA", "/models/promote",
            new Dictionary<string, string> { ["model"] = seeded.ModelName, ["version"] = "2", ["alias"] = "PolicyA" });

        Assert.Contains($"Promoted: PolicyA of {seeded.ModelName} now points at version 2 (was 1).", Forms.Text(await response.Content.ReadAsStringAsync()));
        Assert.Equal("2", (await registry.Client.GetModelVersionByAliasAsync(seeded.ModelName, "PolicyA")).Version);
    }

    [Fact]
    public async Task SignIn_WithAWrongKey_TheRealRouterRefusesIt()
    {
        var client = _ui.CreateClient();

        using var response = await Forms.SignInAsync(client, "not-" + AdminKey);

        Assert.Contains("The Router did not accept this key", Forms.Text(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task StrategySwitch_ThroughTheRealRouter_IsPublishedAndShown()
    {
        var client = await _ui.CreateSignedInClientAsync(AdminKey);

        using var response = await Forms.PostAsync(client, "/", "/models/strategy",
            new Dictionary<string, string> { ["strategy"] = "hash", ["weights"] = "0.8" }.Append(new("weights", "0.2")));
        var text = Forms.Text(await response.Content.ReadAsStringAsync());
        var experiment = Forms.Text(await client.GetStringAsync("/experiment"));

        Assert.Contains("The Router now allocates with hash", text);
        Assert.Contains("Strategy hash", experiment);
        Assert.Contains("Hash weights PolicyA 0.8 · PolicyB 0.2", experiment);
    }

    [Fact]
    public async Task Recommend_CarriesTheTraceIdFromUiToRouter()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var client = _ui.CreateClient();
        var token = await Forms.GetTokenAsync(client, "/");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/?handler=Recommend")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["UserId"] = "2", ["K"] = "3", ["__RequestVerificationToken"] = token }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        using var tracing = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = s => s.Name.StartsWith("Bandit.Router", StringComparison.Ordinal) || s.Name == "Microsoft.AspNetCore",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
        };
        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        tracing.ActivityStopped = a => seen.Add($"{a.TraceId} {a.DisplayName}");
        System.Diagnostics.ActivitySource.AddActivityListener(tracing);

        using var response = await client.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Contains(seen, s => s.StartsWith(traceId, StringComparison.Ordinal) && s.Contains("/choose", StringComparison.Ordinal));
    }
}
