using Bandit.TestSupport;
using System.Net.Http.Json;
using Bandit.Mlflow;
using Bandit.Registry;
using Bandit.Ui.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Bandit.Ui.Tests;

/// <summary>
/// The Ui in headless Chromium (Debian's package), as an operator uses it, against the real Ui on a loopback port, a
/// counting fake Router whose promote moves the registry's aliases, and the local registry: sign-in and the admin
/// refusals, a promotion that turns the experiment into an A/A test (warned before and after), the report's split
/// switch, every main page at 1400 and 360 px (no sideways scroll, contrast ≥ 4.5:1, screenshots to the test output's
/// screenshots/ folder), and the stale banner when the Router stops.
/// </summary>
public sealed class BrowserStoryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly (int Width, int Height)[] _sizes = [(1400, 900), (360, 780)];

    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly LocalRegistryServer _registry = new();
    private readonly List<string> _notFound = [];
    private MlflowClient _mlflow = null!;
    private FakeRouter _router = null!;
    private UiApplication _ui = null!;
    private SeededRegistry _seeded = null!;
    private Uri _site = null!;

    public async Task InitializeAsync()
    {
        await _registry.StartAsync();
        _mlflow = new MlflowClient(new HttpClient { BaseAddress = _registry.TrackingUri });
        _seeded = await RegistrySeed.SeedAsync(_mlflow);
        _router = await FakeRouter.StartAsync();
        _router.Registry = _mlflow;
        _router.ServedVersion = async alias => (await _mlflow.GetModelVersionByAliasAsync(_seeded.ModelName, alias)).Version;
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
    public async Task Operator_SignsIn_IsRefusedWithoutIt_PromotesIntoAnAaTest_ReadsTheReportPerSplit_OnEveryScreen_AndSeesTheConnectionLost()
    {
        Mark("registry, router and Ui started");
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.Context.NewPageAsync();
        page.Response += (_, r) => { if (r.Status == 404) { _notFound.Add(r.Url); } };
        Mark("chromium started");

        // Traffic, so every chart has something to draw: a recommendation clicked through the Ui, more straight at the Router.
        await page.GotoAsync(Url("/"));
        await page.FillAsync("#UserId", "42");
        await page.ClickAsync("#recommend");
        await Assertions.Expect(page.Locator("button.item")).ToHaveCountAsync(10);
        await page.Locator("button.item").Nth(1).ClickAsync();
        await Assertions.Expect(page.Locator("#recorded")).ToContainTextAsync("reward 1 for “Star Wars: Episode IV - A New Hope”");
        var shownList = new Uri(page.Url).PathAndQuery;
        await TrafficAsync(12);
        Mark("traffic");

        // Refused without sign-in: the confirmation sends to the sign-in page; a wrong key is refused there.
        await page.GotoAsync(Url($"/models/promote?model={_seeded.ModelName}&version=2&alias=PolicyA"));
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?ReturnUrl="));
        await page.FillAsync("#Credential", "not-the-key");
        await page.ClickAsync("#signin-submit");
        await Assertions.Expect(page.Locator("#credential-error")).ToHaveTextAsync("The Router did not accept this key: nothing was signed in.");
        await Assertions.Expect(page.Locator("#signin-link")).ToBeVisibleAsync();
        Assert.Empty(_router.AdminCalls);
        await Browser.ShootAsync(page, "signin-refused-1400");
        Mark("refusals");

        // Signed in, back at the confirmation: it warns that the promotion makes an A/A test.
        await page.FillAsync("#Credential", FakeRouter.AdminKey);
        await page.ClickAsync("#signin-submit");
        await Assertions.Expect(page.Locator(".confirm")).ToContainTextAsync($"Move alias PolicyA of {_seeded.ModelName} from version 1 to version 2?");
        await Assertions.Expect(page.Locator("#aa-warning")).ToContainTextAsync("would become an A/A test");
        await Assertions.Expect(page.Locator("#operator")).ToHaveTextAsync("operator: admin");
        await Browser.ShootAsync(page, "promote-confirm-1400");
        await page.FillAsync("input[name=reason]", "browser test");
        await page.ClickAsync("#confirm");
        await Assertions.Expect(page.Locator(".message.ok")).ToContainTextAsync($"PolicyA of {_seeded.ModelName} now points at version 2 (was 1)");
        await Assertions.Expect(page.Locator(".aa-warning").First).ToContainTextAsync("is now an A/A test");
        Assert.Equal("2", (await _mlflow.GetModelVersionByAliasAsync(_seeded.ModelName, "PolicyA")).Version);
        Mark("promoted");

        // The experiment page says it too, and marks the promotion on its charts.
        await page.GotoAsync(Url("/experiment"));
        await Assertions.Expect(page.Locator(".aa-warning")).ToContainTextAsync("is now an A/A test");
        await Assertions.Expect(page.Locator("#changes")).ToContainTextAsync("promotion: PolicyA");
        await Assertions.Expect(page.Locator("svg .marker-label").First).ToHaveTextAsync("P");

        // The report: the verdict's split first, then the switch.
        await page.GotoAsync(Url("/report"));
        await Assertions.Expect(page.Locator("#split")).ToHaveAttributeAsync("data-split", "user-time");
        await page.ClickAsync("a[data-split=global-time]");
        await Assertions.Expect(page.Locator("#split")).ToHaveAttributeAsync("data-split", "global-time");
        await Assertions.Expect(page.Locator("#segments")).ToContainTextAsync("cold-start users");
        await Assertions.Expect(page.Locator("a[data-split=global-time]")).ToHaveAttributeAsync("aria-current", "page");
        var plot = page.Locator("figure[data-plot='roc.png'] a.zoom");
        await plot.ClickAsync();
        await Assertions.Expect(page.Locator("dialog#lightbox")).ToBeVisibleAsync();
        await Browser.ShootAsync(page, "report-plot-enlarged-1400");
        await page.Keyboard.PressAsync("Escape");
        Mark("report");

        // Every main page at both widths: nothing scrolls sideways, every text is readable, a screenshot of each.
        string[] pages = ["/", shownList, "/experiment", "/models", $"/models/promote?model={_seeded.ModelName}&version=1&alias=PolicyB", "/models/strategy?strategy=hash&weights=x&weights=1", "/experiment/reset", "/report", "/report?split=global-time", "/signin"];
        foreach (var (width, height) in _sizes)
        {
            await page.SetViewportSizeAsync(width, height);
            foreach (var path in pages)
            {
                await page.GotoAsync(Url(path));
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                var name = Name(path) + "-" + width;
                await Browser.ShootAsync(page, name);
                Assert.True(await Browser.HorizontalOverflowAsync(page) <= 0, $"{path} scrolls sideways at {width} px by {await Browser.HorizontalOverflowAsync(page)} px");
                var low = await Browser.LowContrastAsync(page);
                Assert.True(low.Count == 0, $"{path} at {width} px has text below 4.5:1: {string.Join(" | ", low)}");
                Assert.Equal(1, await page.Locator("nav[aria-label=main] a[aria-current=page]").CountAsync() + (path.StartsWith("/signin", StringComparison.Ordinal) ? 1 : 0));
            }
        }

        Assert.Empty(_notFound); // the favicon included
        output.WriteLine($"screenshots: {Browser.ScreenshotFolder()}");
        Mark("layout");

        // The weights are checked as they are typed, before any confirmation.
        await page.SetViewportSizeAsync(1400, 900);
        await page.GotoAsync(Url("/models#strategy"));
        await page.FillAsync("#weight-0", "3");
        await page.FillAsync("#weight-1", "1");
        await Assertions.Expect(page.Locator("#weight-shares")).ToHaveTextAsync("Traffic under the hash split: PolicyA 75% · PolicyB 25%");
        await page.FillAsync("#weight-1", "one");
        await Assertions.Expect(page.Locator("#weight-1-error")).ToContainTextAsync("'one' is not a number");
        await Assertions.Expect(page.Locator("#weight-1")).ToHaveAttributeAsync("aria-invalid", "true");
        await Browser.ShootAsync(page, "strategy-typing-error-1400");

        // A sample-ratio alarm reaches the open experiment page at its next refresh: a red banner with the counts.
        await page.GotoAsync(Url("/experiment"));
        await Assertions.Expect(page.Locator("#srm")).ToHaveCountAsync(0);
        _router.Srm = new FakeSrm(3.1e-6, Flagged: true, [423, 2062], [413.9, 2586.1]);
        await Assertions.Expect(page.Locator("#srm")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#srm li[data-arm=PolicyB]")).ToHaveTextAsync("PolicyB: observed 2,062, expected 2,586");
        Assert.Equal("rgb(185, 28, 28)", await page.Locator("#srm").EvaluateAsync<string>("e => getComputedStyle(e).color"));
        var lowSrm = await Browser.LowContrastAsync(page);
        Assert.True(lowSrm.Count == 0, $"the SRM banner has text below 4.5:1: {string.Join(" | ", lowSrm)}");
        await Browser.ShootAsync(page, "experiment-srm-1400");
        _router.Srm = null;
        Mark("srm banner");

        // The experiment page left open, then the Router stops: the banner says the connection is lost.
        await page.GotoAsync(Url("/experiment"));
        await Assertions.Expect(page.Locator("#stale")).ToBeHiddenAsync();
        await _router.StopAsync();
        await Assertions.Expect(page.Locator("#stale")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#stale")).ToContainTextAsync("Connection lost.");
        await Assertions.Expect(page.Locator("#stale-text")).ToContainTextAsync("is not answering");
        await Assertions.Expect(page.Locator("#total-pulls")).ToBeVisibleAsync(); // the last figures stay, greyed
        await Browser.ShootAsync(page, "experiment-connection-lost-1400");
        await page.ClickAsync("#pause");
        await Assertions.Expect(page.Locator("#pause")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.Locator("#updated-ago")).ToContainTextAsync("paused");
        Mark("stale banner");
    }

    private async Task TrafficAsync(int decisions)
    {
        using var http = new HttpClient { BaseAddress = _router.BaseAddress };
        for (var i = 0; i < decisions; i++)
        {
            var answer = await (await http.PostAsJsonAsync("choose", new { userId = 100 + i, k = 3 })).Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
            await http.PostAsJsonAsync("update", new { decisionId = answer!["decisionId"]!.GetValue<string>(), reward = i % 3 == 0 ? 1 : 0 });
        }
    }

    private static string Name(string path) =>
        path == "/" ? "try-it" : path.StartsWith("/?view=", StringComparison.Ordinal) ? "try-it-list"
            : path.TrimStart('/').Split('?')[0].Replace('/', '-') + (path.Contains("global-time", StringComparison.Ordinal) ? "-global-time" : "");

    private void Mark(string step) => output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:0.0} s  {step}");

    private string Url(string path) => new Uri(_site, path).ToString();
}
