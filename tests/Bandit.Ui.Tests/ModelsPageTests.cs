using System.Net;
using System.Text.Json.Nodes;
using Bandit.Ui.Tests.Support;

namespace Bandit.Ui.Tests;

[Collection(UiCollection.Name)]
public sealed class ModelsPageTests(RegistryFixture registry) : IAsyncLifetime
{
    private FakeRouter _router = null!;

    public async Task InitializeAsync() => _router = await FakeRouter.StartAsync();

    public async Task DisposeAsync() => await _router.DisposeAsync();

    [Fact]
    public async Task Models_RendersVersionsWithRunMetricsAliasesAndTheRouterModel()
    {
        await using var ui = new UiApplication(_router.BaseAddress, registry.TrackingUri);

        var html = await ui.CreateClient().GetStringAsync("/models");

        var text = Forms.Text(html);
        Assert.Contains("movielens_ctr_ab", text);
        Assert.Contains("PolicyA → v1", text);
        Assert.Contains("PolicyB → v2", text);
        Assert.Contains("0.701", text); // Policy A's auc (0.7012), from its run
        Assert.Contains("0.742", text); // Policy B's auc (0.7424)
        Assert.Contains("movielens_ctr_router", text);
        Assert.Contains("router → v1", text);
        Assert.Contains("Live: thompson, config version 3", text);
        PageAssert.NoStackTrace(html);
    }

    [Fact]
    public async Task PromoteConfirmation_ShowsTheChangeAndMovesNothing()
    {
        var seeded = await registry.SeedFreshAsync();
        await using var ui = new UiApplication(_router.BaseAddress, registry.TrackingUri, modelName: seeded.ModelName);

        var html = await ui.CreateClient().GetStringAsync($"/models/promote?model={seeded.ModelName}&version=2&alias=PolicyA");

        Assert.Contains($"Move alias PolicyA of {seeded.ModelName} from version 1 to version 2?", Forms.Text(html));
        Assert.Equal("1", (await registry.Client.GetModelVersionByAliasAsync(seeded.ModelName, "PolicyA")).Version);
    }

    [Fact]
    public async Task PromotePost_AfterConfirmation_MovesTheAliasAndTheModelsPageShowsIt()
    {
        var seeded = await registry.SeedFreshAsync();
        await using var ui = new UiApplication(_router.BaseAddress, registry.TrackingUri, modelName: seeded.ModelName);
        var client = ui.CreateClient();
        var confirm = $"/models/promote?model={seeded.ModelName}&version=2&alias=PolicyA";

        using var response = await Forms.PostAsync(client, confirm, "/models/promote",
            new Dictionary<string, string> { ["model"] = seeded.ModelName, ["version"] = "2", ["alias"] = "PolicyA" });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("2", (await registry.Client.GetModelVersionByAliasAsync(seeded.ModelName, "PolicyA")).Version);
        Assert.Equal("/models", response.RequestMessage?.RequestUri?.AbsolutePath);
        var text = Forms.Text(html);
        Assert.Contains($"Promoted: PolicyA of {seeded.ModelName} now points at version 2 (was 1).", text);
        Assert.Contains("PolicyA → v2", text);
    }

    [Fact]
    public async Task PromotePost_WithoutAntiforgeryToken_IsRefusedAndTheAliasStays()
    {
        var seeded = await registry.SeedFreshAsync();
        await using var ui = new UiApplication(_router.BaseAddress, registry.TrackingUri, modelName: seeded.ModelName);

        using var response = await ui.CreateClient().PostAsync("/models/promote",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["model"] = seeded.ModelName, ["version"] = "2", ["alias"] = "PolicyA" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("1", (await registry.Client.GetModelVersionByAliasAsync(seeded.ModelName, "PolicyA")).Version);
    }

    [Fact]
    public async Task PromotePost_UnknownVersion_SaysSoAndMovesNothing()
    {
        var seeded = await registry.SeedFreshAsync();
        await using var ui = new UiApplication(_router.BaseAddress, registry.TrackingUri, modelName: seeded.ModelName);

        using var response = await Forms.PostAsync(ui.CreateClient(), $"/models/promote?model={seeded.ModelName}&version=2&alias=PolicyA", "/models/promote",
            new Dictionary<string, string> { ["model"] = seeded.ModelName, ["version"] = "99", ["alias"] = "PolicyA" });

        Assert.Contains($"{seeded.ModelName} has no version 99.", Forms.Text(await response.Content.ReadAsStringAsync()));
        Assert.Equal("1", (await registry.Client.GetModelVersionByAliasAsync(seeded.ModelName, "PolicyA")).Version);
    }

    [Fact]
    public async Task StrategySwitch_AfterConfirmation_SendsTheBearerKeyAndShowsTheNewStrategy()
    {
        await using var ui = new UiApplication(_router.BaseAddress, registry.TrackingUri);
        var client = ui.CreateClient();

        using var response = await Forms.PostAsync(client, "/models/strategy?strategy=hash&weights=0.7,0.3", "/models/strategy",
            new Dictionary<string, string> { ["strategy"] = "hash", ["weights"] = "0.7, 0.3" });
        var html = await response.Content.ReadAsStringAsync();

        var call = Assert.Single(_router.AdminCalls);
        Assert.Equal("Bearer " + FakeRouter.AdminKey, call.Authorization);
        var body = JsonNode.Parse(call.Body)!;
        Assert.Equal("hash", body["strategy"]!.GetValue<string>());
        Assert.Equal([0.7, 0.3], body["weights"]!.AsArray().Select(w => w!.GetValue<double>()));
        var text = Forms.Text(html);
        Assert.Contains("The Router now allocates with hash (config version 4).", text);
        Assert.Contains("Live: hash, config version 4", text);
    }

    [Fact]
    public async Task StrategyConfirmation_Get_ChangesNothing()
    {
        await using var ui = new UiApplication(_router.BaseAddress, registry.TrackingUri);

        var html = await ui.CreateClient().GetStringAsync("/models/strategy?strategy=ucb1");

        Assert.Contains("Switch the Router from thompson (config version 3) to ucb1?", Forms.Text(html));
        Assert.Empty(_router.AdminCalls);
    }

    [Fact]
    public async Task AdminKeyUnset_ModelsPageSaysAdminIsDisabledAndStrategyPostCallsNothing()
    {
        await using var ui = new UiApplication(_router.BaseAddress, registry.TrackingUri, adminKey: null);
        var client = ui.CreateClient();

        var models = await client.GetStringAsync("/models");
        using var response = await Forms.PostAsync(client, "/", "/models/strategy", new Dictionary<string, string> { ["strategy"] = "hash" });

        Assert.Contains("Admin actions are disabled: set Router:AdminKey", Forms.Text(models));
        Assert.Contains("Admin actions are disabled", Forms.Text(await response.Content.ReadAsStringAsync()));
        Assert.Empty(_router.AdminCalls);
    }

    [Fact]
    public async Task StrategySwitch_WrongKey_SaysTheRouterRefusedTheKey()
    {
        await using var ui = new UiApplication(_router.BaseAddress, registry.TrackingUri, adminKey: "not-the-key");

        using var response = await Forms.PostAsync(ui.CreateClient(), "/", "/models/strategy", new Dictionary<string, string> { ["strategy"] = "hash" });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("The Router refused the admin key (401)", Forms.Text(html));
        PageAssert.NoStackTrace(html);
    }

    [Fact]
    public async Task Models_MlflowDown_ShowsReadableMessageAndStillTheRouterPart()
    {
        var closed = new Uri($"http://127.0.0.1:{TestSupport.FreePort.Next()}/");
        await using var ui = new UiApplication(_router.BaseAddress, closed);

        var html = await ui.CreateClient().GetStringAsync("/models");

        var text = Forms.Text(html);
        Assert.Contains($"MLflow at {closed.GetLeftPart(UriPartial.Authority)} is not answering: connection refused.", text);
        Assert.Contains("Live: thompson", text);
        PageAssert.NoStackTrace(html);
    }
}
