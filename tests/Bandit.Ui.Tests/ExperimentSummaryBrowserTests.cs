using Bandit.Ui.Tests.Support;
using Microsoft.Playwright;

namespace Bandit.Ui.Tests;

/// <summary>The Experiment page's spoken summary (the aria-live region the page fills at each refresh), in Chromium.</summary>
[Collection(UiCollection.Name)]
public sealed class ExperimentSummaryBrowserTests(RegistryFixture registry) : FakeRouterPageTests(registry)
{
    [Fact]
    public async Task LiveSummary_ArmWithoutRewards_SaysNoRewardsYetLikeTheTable()
    {
        await TrafficAsync(clicks: [(0, 1)]); // A: 2 decisions, 1 click; B: 2 decisions, no reward yet
        await using var ui = new UiApplication(Router.BaseAddress, Registry.TrackingUri, modelName: Registry.Seeded.ModelName, kestrel: true);
        ui.StartServer();
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.Context.NewPageAsync();

        await page.GotoAsync(new Uri(ui.ServerAddress, "/experiment").ToString());

        // The table shows "–" for B's CTR; before the fix the summary read "PolicyB: CTR 0.0%", as if B were never clicked.
        await Assertions.Expect(page.Locator("tr[data-arm=PolicyB] td.ctr")).ToContainTextAsync("no rewards yet");
        await Assertions.Expect(page.Locator("#live-summary")).ToContainTextAsync("PolicyA: CTR 100.0%");
        // Nor a P(best): B's posterior is its prior alone, whose P(best) (here ~25%; 75% against a losing arm) says nothing about B.
        await Assertions.Expect(page.Locator("#live-summary")).ToContainTextAsync("PolicyB: no rewards yet, so no P(best) yet.");
        await Assertions.Expect(page.Locator("tr[data-arm=PolicyB] td.pbest")).ToContainTextAsync("no data yet");
        var spoken = await page.Locator("#live-summary").TextContentAsync();
        Assert.DoesNotContain("PolicyB: CTR", spoken);
        Assert.DoesNotMatch(@"PolicyB[^.]*P\(best\) \d", spoken);
    }
}
