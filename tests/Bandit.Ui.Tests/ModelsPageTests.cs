using System.Net;
using System.Text.Json.Nodes;
using Bandit.Ui.Tests.Support;

namespace Bandit.Ui.Tests;

/// <summary>The Models page (open to all) and its two changes, promote and strategy switch, for a signed-in operator through the Router.</summary>
[Collection(UiCollection.Name)]
public sealed class ModelsPageTests(RegistryFixture registry) : FakeRouterPageTests(registry)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Router.Registry = Registry.Client;
    }

    [Fact]
    public async Task Models_RendersVersionsWithRunMetricsAliasesAlgorithmAndTheRouterModel_WithoutSignIn()
    {
        var html = await Ui.CreateClient().GetStringAsync("/models");

        var text = Forms.Text(html);
        Assert.Contains("PolicyA → v1", text);
        Assert.Contains("PolicyB → v2", text);
        Assert.Contains("logistic regression trained as PolicyA", text); // the algorithm, not the alias name
        Assert.Contains("lightgbm trained as PolicyB", text);
        Assert.Contains("0.701", text); // Policy A's auc (0.7012), from its run
        Assert.Contains("0.742", text);
        Assert.Contains("router → v1", text);
        Assert.Contains("Live: thompson, config version 3", text);
        Assert.Contains("PolicyA PolicyA version 1", text); // what serves now: arm, alias, the registry's version
        Assert.Contains("sign in with the Router's admin key", text);
        Assert.DoesNotContain("aa-warning", html);
        PageAssert.NoStackTrace(html);
    }

    [Fact]
    public async Task Models_ShowsThePromotionsTimelineFromMlflow_NewestFirstWithExternalMovesMarked()
    {
        // Two moves in the registry's promotions experiment, as the Router records them (runs/create + log-batch).
        var model = "timeline_" + Guid.NewGuid().ToString("N")[..8];
        var journal = new Bandit.Mlflow.Promotions.PromotionJournal(Registry.Client);
        await journal.RecordAsync(new(model, "PolicyA", "1", "2", "admin", "B won", "product", DateTimeOffset.UtcNow,
            [new("PolicyA", 1200, 96, 0.08, 0.03), new("PolicyB", 1180, 130, 0.11, 0.97)]));
        await Task.Delay(20); // ordered by start time, in milliseconds
        await journal.RecordAsync(new(model, "PolicyA", "2", "1", "external", null, "external", DateTimeOffset.UtcNow, []));

        var html = await Ui.CreateClient().GetStringAsync("/models");

        var text = Forms.Text(html);
        var external = text.IndexOf($"{model}@PolicyA v2 → v1 external external", StringComparison.Ordinal);
        var product = text.IndexOf($"{model}@PolicyA v1 → v2 admin product B won PolicyA: 1200 decisions, CTR 8.0%, P(best) 3.0% · PolicyB: 1180 decisions, CTR 11.0%, P(best) 97.0%", StringComparison.Ordinal);
        Assert.True(external >= 0 && product > external, text); // both shown, the newest first
        Assert.Contains("class=\"external\"", html);
        PageAssert.NoStackTrace(html);
    }

    [Fact]
    public async Task Models_PromotionFiguresOfAnArmWithoutRewards_ShowNoPBest()
    {
        // As a Router before the fix recorded it: B had decisions but no rewarded one, and its P(best) was its prior's.
        var model = "timeline_" + Guid.NewGuid().ToString("N")[..8];
        await new Bandit.Mlflow.Promotions.PromotionJournal(Registry.Client).RecordAsync(new(model, "PolicyB", "2", "3", "admin", null, "product", DateTimeOffset.UtcNow,
            [new("PolicyA", 300, 9, 0.03, 0.04), new("PolicyB", 40, 0, double.NaN, 0.96)]));

        var text = Forms.Text(await Ui.CreateClient().GetStringAsync("/models"));

        Assert.Contains("PolicyA: 300 decisions, CTR 3.0%, P(best) 4.0% · PolicyB: 40 decisions, CTR –, P(best) –", text);
        Assert.DoesNotContain("96.0%", text);
    }

    [Fact]
    public async Task PromoteConfirmation_ShowsTheChangeAndTheAaWarning_AndMovesNothing()
    {
        var seeded = await Registry.SeedFreshAsync();
        await using var ui = NewUi(seeded.ModelName);
        var client = await ui.CreateSignedInClientAsync();

        var text = Forms.Text(await client.GetStringAsync($"/models/promote?model={seeded.ModelName}&version=2&alias=PolicyA"));

        Assert.Contains($"Move alias PolicyA of {seeded.ModelName} from version 1 to version 2?", text);
        Assert.Contains($"After this promotion, PolicyA and PolicyB both would serve {seeded.ModelName} version 2: the experiment would become an A/A test", text);
        Assert.Equal("1", (await Registry.Client.GetModelVersionByAliasAsync(seeded.ModelName, "PolicyA")).Version);
        Assert.Empty(Router.AdminCalls);
    }

    [Fact]
    public async Task PromotePost_SignedIn_GoesThroughTheRouterWithTheOperatorsKey_AndThePagesWarnOfAa()
    {
        var seeded = await Registry.SeedFreshAsync();
        await using var ui = NewUi(seeded.ModelName);
        var client = await ui.CreateSignedInClientAsync();

        using var response = await Forms.PostAsync(client, $"/models/promote?model={seeded.ModelName}&version=2&alias=PolicyA", "/models/promote",
            new Dictionary<string, string> { ["model"] = seeded.ModelName, ["version"] = "2", ["alias"] = "PolicyA", ["reason"] = "B wins offline" });
        var text = Forms.Text(await response.Content.ReadAsStringAsync());

        var call = Assert.Single(Router.AdminCalls);
        Assert.Equal("Bearer " + FakeRouter.AdminKey, call.Authorization);
        var body = JsonNode.Parse(call.Body)!;
        Assert.Equal(seeded.ModelName, body["model"]!.GetValue<string>());
        Assert.Equal("B wins offline", body["reason"]!.GetValue<string>());
        Assert.Equal("2", (await Registry.Client.GetModelVersionByAliasAsync(seeded.ModelName, "PolicyA")).Version);
        Assert.Equal("/models", response.RequestMessage?.RequestUri?.AbsolutePath);
        Assert.Contains($"Promoted: PolicyA of {seeded.ModelName} now points at version 2 (was 1).", text);
        Assert.Contains("Warning: PolicyA and PolicyB both serve", text);
        Assert.Contains("is now an A/A test", text); // the page's own banner, from the registry
        Assert.Contains("PolicyA → v2", text);
    }

    [Fact]
    public async Task PromotePost_UnknownVersion_SaysTheRouterRefusedAndMovesNothing()
    {
        var seeded = await Registry.SeedFreshAsync();
        await using var ui = NewUi(seeded.ModelName);
        var client = await ui.CreateSignedInClientAsync();

        using var response = await Forms.PostAsync(client, $"/models/promote?model={seeded.ModelName}&version=2&alias=PolicyA", "/models/promote",
            new Dictionary<string, string> { ["model"] = seeded.ModelName, ["version"] = "99", ["alias"] = "PolicyA" });
        var text = Forms.Text(await response.Content.ReadAsStringAsync());

        Assert.Contains("The Router refused this.", text);
        Assert.Contains($"no version 99 of '{seeded.ModelName}'", text);
        Assert.DoesNotContain("Something is not answering", text);
        Assert.Equal("1", (await Registry.Client.GetModelVersionByAliasAsync(seeded.ModelName, "PolicyA")).Version);
    }

    [Fact]
    public async Task StrategySwitch_SignedIn_SendsTheOperatorsKeyAndShowsTheNewStrategy()
    {
        var client = await Ui.CreateSignedInClientAsync();

        using var response = await Forms.PostAsync(client, "/models/strategy?strategy=hash&weights=0.7&weights=0.3", "/models/strategy",
            new Dictionary<string, string> { ["strategy"] = "hash", ["weights"] = "0.7" }.Append(new("weights", "0.3")));
        var text = Forms.Text(await response.Content.ReadAsStringAsync());

        var call = Assert.Single(Router.AdminCalls);
        Assert.Equal("Bearer " + FakeRouter.AdminKey, call.Authorization);
        var body = JsonNode.Parse(call.Body)!;
        Assert.Equal("hash", body["strategy"]!.GetValue<string>());
        Assert.Equal([0.7, 0.3], body["weights"]!.AsArray().Select(w => w!.GetValue<double>()));
        Assert.Contains("The Router now allocates with hash (config version 4).", text);
        Assert.Contains("Live: hash, config version 4", text);
    }

    [Fact]
    public async Task StrategyConfirmation_ShowsTheNormalisedSharesAndChangesNothing()
    {
        var client = await Ui.CreateSignedInClientAsync();

        var text = Forms.Text(await client.GetStringAsync("/models/strategy?strategy=hash&weights=3&weights=1"));

        Assert.Contains("Switch the Router from thompson (config version 3) to hash, hash split PolicyA 75% · PolicyB 25%?", text);
        Assert.Empty(Router.AdminCalls);
    }

    [Theory]
    [InlineData("abc", "1", "'abc' is not a number from 0 to 1,000,000")]
    [InlineData("-1", "1", "'-1' is not a number from 0 to 1,000,000")]
    [InlineData("0.5", "", "Give every arm a weight, or leave them all empty")]
    [InlineData("0", "0", "At least one weight must be above 0")]
    public async Task StrategyForm_WrongWeight_SaysWhatIsWrongNextToTheFieldKeepsTheValuesAndCallsNothing(string a, string b, string message)
    {
        var client = await Ui.CreateSignedInClientAsync();

        var html = await client.GetStringAsync($"/models/strategy?strategy=hash&weights={Uri.EscapeDataString(a)}&weights={Uri.EscapeDataString(b)}");

        Assert.Contains(message, Forms.Text(html));
        Assert.DoesNotContain("id=\"confirm\"", html);
        Assert.DoesNotContain("Something is not answering", html);
        Assert.Contains($"value=\"{System.Net.WebUtility.HtmlEncode(a)}\"", html); // what was typed is kept
        Assert.Empty(Router.AdminCalls);
    }

    [Fact]
    public async Task Models_MlflowDown_ShowsReadableMessageAndStillTheRouterPart()
    {
        var closed = new Uri($"http://127.0.0.1:{TestSupport.FreePort.Next()}/");
        await using var ui = NewUi(trackingUri: closed);

        var html = await ui.CreateClient().GetStringAsync("/models");

        var text = Forms.Text(html);
        Assert.Contains("Something is not answering.", text);
        Assert.Contains($"MLflow at {closed.GetLeftPart(UriPartial.Authority)} is not answering: connection refused.", text);
        Assert.Contains("Live: thompson", text);
        PageAssert.NoStackTrace(html);
    }
}
