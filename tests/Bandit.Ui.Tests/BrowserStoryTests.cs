using Bandit.Mlflow;
using Bandit.Registry;
using Bandit.Ui.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Bandit.Ui.Tests;

/// <summary>
/// The whole story in headless Chromium against the real Ui on a loopback port, a counting fake Router whose variants
/// follow the registry's aliases, and the local registry: get recommendations, click one, watch the experiment page
/// count it by itself, promote Policy B's version to PolicyA, see the variant serve it. Screenshots of every page are
/// saved to tests/Bandit.Ui.Tests/TestResults/screenshots.
/// </summary>
public sealed class BrowserStoryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    private readonly LocalRegistryServer _registry = new();
    private FakeRouter _router = null!;
    private UiApplication _ui = null!;
    private SeededRegistry _seeded = null!;
    private Uri _site = null!;

    public async Task InitializeAsync()
    {
        await _registry.StartAsync();
        var mlflow = new MlflowClient(new HttpClient { BaseAddress = _registry.TrackingUri });
        _seeded = await RegistrySeed.SeedAsync(mlflow);
        _router = await FakeRouter.StartAsync();
        _router.ServedVersion = async alias => (await mlflow.GetModelVersionByAliasAsync(_seeded.ModelName, alias)).Version;
        _ui = new UiApplication(_router.BaseAddress, _registry.TrackingUri, kestrel: true);
        _ui.StartServer();
        _site = _ui.ServerAddress;
    }

    public async Task DisposeAsync()
    {
        await _ui.DisposeAsync();
        await _router.DisposeAsync();
        await _registry.DisposeAsync();
    }

    [Fact]
    public async Task FullStory_ClickRecommendation_ExperimentCountsIt_PromoteBToA_VariantServesIt()
    {
        Mark("registry, router and Ui started");
        await using var browser = await Browser.LaunchAsync();
        Mark("chromium started");
        var experiment = await browser.Context.NewPageAsync();
        var tryIt = await browser.Context.NewPageAsync();

        // The experiment page, left open: it refreshes itself.
        await experiment.GotoAsync(Url("/experiment"));
        await Assertions.Expect(experiment.Locator("#total-pulls")).ToHaveTextAsync("0");
        await Browser.ShootAsync(experiment, "1-experiment-before");
        Mark("1-experiment-before");

        // Try it: recommendations for user 42, then click the second one.
        await tryIt.GotoAsync(Url("/"));
        await tryIt.FillAsync("#UserId", "42");
        await tryIt.ClickAsync("#recommend");
        await Assertions.Expect(tryIt.Locator("button.item")).ToHaveCountAsync(10);
        await Assertions.Expect(tryIt.Locator("#arm")).ToHaveTextAsync("PolicyA");
        await Assertions.Expect(tryIt.Locator("#model-version")).ToHaveTextAsync("1");
        await Browser.ShootAsync(tryIt, "2-try-it");
        Mark("2-try-it");
        await tryIt.Locator("button.item").Nth(1).ClickAsync();
        await Assertions.Expect(tryIt.Locator("#recorded")).ToContainTextAsync("reward 1 for “Star Wars: Episode IV - A New Hope”");
        await Browser.ShootAsync(tryIt, "3-try-it-recorded");
        Mark("3-try-it-recorded");

        // The open experiment page sees the decision and the click without a reload.
        var armA = experiment.Locator("tr[data-arm=PolicyA]");
        await Assertions.Expect(experiment.Locator("#total-pulls")).ToHaveTextAsync("1");
        await Assertions.Expect(armA.Locator("td.rewards")).ToHaveTextAsync("1");
        await Assertions.Expect(experiment.Locator(".legend")).ToContainTextAsync("PolicyA Beta(2, 1)");
        Assert.Equal((1L, 1L, 1.0), _router.Counts("PolicyA"));
        await Browser.ShootAsync(experiment, "4-experiment-after-click");
        Mark("4-experiment-after-click");

        // Models: promote Policy B's version (2) to the PolicyA alias, through the confirmation page.
        var models = tryIt;
        await models.GotoAsync(Url("/models"));
        await Browser.ShootAsync(models, "5-models");
        Mark("5-models");
        var version2 = models.Locator($"section[id='model-{_seeded.ModelName}'] tr[data-version='2']");
        await version2.Locator("select[name=alias]").SelectOptionAsync("PolicyA");
        await version2.Locator("button.promote").ClickAsync();
        await Assertions.Expect(models.Locator(".confirm")).ToContainTextAsync($"Move alias PolicyA of {_seeded.ModelName} from version 1 to version 2?");
        await Browser.ShootAsync(models, "6-promote-confirm");
        Mark("6-promote-confirm");
        await models.ClickAsync("#confirm");
        await Assertions.Expect(models.Locator(".message.ok")).ToContainTextAsync("PolicyA of movielens_ctr_ab now points at version 2 (was 1)");
        await Assertions.Expect(models.Locator($"section[id='model-{_seeded.ModelName}'] .badge.alias[data-alias=PolicyA]")).ToHaveTextAsync("PolicyA → v2");

        // The arm PolicyA now serves version 2 (the fake alternates arms: B, then A).
        await models.GotoAsync(Url("/"));
        for (var i = 0; i < 4 && await ArmAsync(models) != "PolicyA"; i++)
        {
            await models.ClickAsync("#recommend");
            await Assertions.Expect(models.Locator("button.item").First).ToBeVisibleAsync();
        }

        await Assertions.Expect(models.Locator("#arm")).ToHaveTextAsync("PolicyA");
        await Assertions.Expect(models.Locator("#model-version")).ToHaveTextAsync("2");
        await Browser.ShootAsync(models, "7-try-it-after-promote");
        Mark("7-try-it-after-promote");
        await models.GotoAsync(Url("/models"));
        await Assertions.Expect(models.Locator("#serving tr[data-arm=PolicyA] td.served")).ToContainTextAsync("version 2");
        await Browser.ShootAsync(models, "8-models-after-promote");
        Mark("8-models-after-promote");

        // The offline report, with the Trainer's plots loaded from MLflow through the Ui.
        await models.GotoAsync(Url("/report"));
        await Assertions.Expect(models.Locator("#verdict")).ToContainTextAsync("Policy B beats Policy A");
        var roc = models.Locator("figure[data-plot='roc.png'] img");
        await Assertions.Expect(roc).ToBeVisibleAsync();
        Assert.True(await roc.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "roc.png did not load");
        await Browser.ShootAsync(models, "9-report");
        Mark("9-report");
        await Browser.ShootAsync(experiment, "10-experiment-final");
        Mark("10-experiment-final");
    }

    private void Mark(string step) => output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:0.0} s  {step}");

    private string Url(string path) => new Uri(_site, path).ToString();

    private static async Task<string?> ArmAsync(IPage page) =>
        await page.Locator("#arm").CountAsync() > 0 ? await page.Locator("#arm").InnerTextAsync() : null;
}
