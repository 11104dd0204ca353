using System.Text.RegularExpressions;
using Bandit.Ui.Tests.Support;

namespace Bandit.Ui.Tests;

/// <summary>The Experiment page's trust signals: evidence per model version and the sample-ratio alarm.</summary>
[Collection(UiCollection.Name)]
public sealed class ExperimentEvidenceTests(RegistryFixture registry) : FakeRouterPageTests(registry)
{
    [Fact]
    public async Task Experiment_AfterAnAliasMove_LiveVersionFirst_EarlierVersionGreyedBelow()
    {
        Router.MoveVersion("PolicyA", "1");
        Router.MoveVersion("PolicyB", "2");
        await TrafficAsync(clicks: [(0, 1), (2, 1), (1, 0)]); // A (v1): 2 decisions, 2 clicks; B: 2 decisions, 1 miss
        Router.MoveVersion("PolicyA", "7");
        await TrafficAsync(clicks: [(0, 0)]); // A (v7): 2 decisions, 1 miss; B: 4 decisions

        var html = await Ui.CreateClient().GetStringAsync("/experiment");

        var rows = Regex.Matches(html, "<tr( class=\"earlier\")? data-arm=\"(\\w+)\"(?: data-version=\"(\\w+)\")?").Select(m => $"{m.Groups[2].Value}{(m.Groups[1].Success ? "@v" + m.Groups[3].Value : "")}");
        Assert.Equal(["PolicyA", "PolicyA@v1", "PolicyB"], rows);
        var live = Row(html, "<tr data-arm=\"PolicyA\">");
        var earlier = Row(html, "<tr class=\"earlier\" data-arm=\"PolicyA\" data-version=\"1\"");
        Assert.Contains("PolicyA → v7", Forms.Text(live));
        Assert.Contains("<td class=\"num pulls\">2</td>", live);
        Assert.Contains("<td class=\"num rewards wide\">0</td>", live); // v1's two clicks do not count for v7
        Assert.Contains("<td class=\"num rewards wide\">2</td>", earlier);
        Assert.Contains("100.0%", Forms.Text(earlier));
        Assert.Contains("PolicyA Beta(1, 2)", Forms.Text(html)); // v7's posterior: the prior and one miss
    }

    [Fact]
    public async Task Experiment_SrmFlagged_ShowsRedBannerWithObservedAndExpectedCounts()
    {
        Router.Srm = new FakeSrm(3.1e-6, Flagged: true, [423, 2062], [413.9, 2586.1]);

        var html = await Ui.CreateClient().GetStringAsync("/experiment");

        Assert.Contains("<div class=\"message error srm\" role=\"alert\" id=\"srm\">", html);
        var text = Forms.Text(html);
        Assert.Contains("Sample-ratio mismatch", text);
        Assert.Contains("χ² p = 3.1E-6", text);
        Assert.Contains("PolicyA: observed 423, expected 414", text);
        Assert.Contains("PolicyB: observed 2,062, expected 2,586", text);
    }

    [Fact]
    public async Task Experiment_SrmNotFlagged_NoBanner()
    {
        Router.Srm = new FakeSrm(0.63, Flagged: false, [423, 2577], [413.9, 2586.1]);

        var html = await Ui.CreateClient().GetStringAsync("/experiment");

        Assert.Contains("id=\"arms\"", html);
        Assert.DoesNotContain("id=\"srm\"", html);
    }

    private static string Row(string html, string start)
    {
        var at = html.IndexOf(start, StringComparison.Ordinal);
        Assert.True(at >= 0, $"no row starting {start}");
        return html[at..html.IndexOf("</tr>", at, StringComparison.Ordinal)];
    }
}
