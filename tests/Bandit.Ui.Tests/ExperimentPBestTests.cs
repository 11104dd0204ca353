using System.Net;
using System.Text.RegularExpressions;
using Bandit.Ui.Tests.Support;

namespace Bandit.Ui.Tests;

/// <summary>
/// An arm whose live version has no rewarded decision has only its prior, so the Router's P(best) for it says nothing
/// about the arm: the Experiment page shows it as "no data yet", without the meter, and neither the table nor the
/// spoken summary give it a figure.
/// </summary>
[Collection(UiCollection.Name)]
public sealed partial class ExperimentPBestTests(RegistryFixture registry) : FakeRouterPageTests(registry)
{
    [Fact]
    public async Task Experiment_RightAfterAPromotion_NewVersionShowsNoDataYet_NotItsPriorsPBest()
    {
        Router.MoveVersion("PolicyA", "1");
        Router.MoveVersion("PolicyB", "2");
        await TrafficAsync(clicks: [(0, 0), (2, 0), (1, 1)]); // A: 2 misses, Beta(1, 3); B (v2): 1 click
        Router.MoveVersion("PolicyB", "5");
        await TrafficAsync(clicks: []); // B (v5): 2 decisions, none rewarded: its posterior is the prior Beta(1, 1)

        var html = await Ui.CreateClient().GetStringAsync("/experiment");

        // P(Beta(1, 1) > X) with X ~ Beta(1, 3) is 1 − E[X] = 0.75: before the fix B's row read "75.x%" with a full meter.
        var b = Cell(Row(html, "<tr data-arm=\"PolicyB\">"), "pbest");
        Assert.Contains("no data yet", b);
        Assert.DoesNotContain("%", b);
        Assert.DoesNotContain("meter", b);
        Assert.Contains("the prior alone", b); // the cell's title says what P(best) needs
        Assert.Matches(@"\d+\.\d%", Cell(Row(html, "<tr data-arm=\"PolicyA\">"), "pbest")); // A has evidence: its figure stays
        Assert.Matches(@"\d+\.\d%", Cell(Row(html, "<tr class=\"earlier\" data-arm=\"PolicyB\" data-version=\"2\""), "pbest")); // so has v2
        Assert.StartsWith("prior 50.0% [2.5%, 97.5%]", Forms.Text(Cell(Row(html, "<tr data-arm=\"PolicyB\">"), "posterior")).Trim());

        var note = Forms.Text(Row(html, "<p class=\"muted small\" id=\"pbest-note\">", "</p>"));
        Assert.Contains("PolicyB has no rewarded decision on its live version yet, so no P(best) is shown", note);
        var summary = Summary(html);
        Assert.Contains("PolicyB: no rewards yet, so no P(best) yet.", summary);
        Assert.Contains("PolicyA: CTR 0.0%, P(best) ", summary);
        Assert.Contains("still counts the prior of PolicyB", summary);
        Assert.DoesNotMatch(@"PolicyB[^.]*\d%", summary);
    }

    [Fact]
    public async Task Experiment_AfterAResetWithDecisionsButNoRewards_NoArmGetsAPBest()
    {
        await TrafficAsync(clicks: []); // 4 decisions, no reward: both posteriors are the prior, P(best) 50% each before the fix

        var html = await Ui.CreateClient().GetStringAsync("/experiment");

        foreach (var arm in new[] { "PolicyA", "PolicyB" })
        {
            var cell = Cell(Row(html, $"<tr data-arm=\"{arm}\">"), "pbest");
            Assert.Contains("no data yet", cell);
            Assert.DoesNotContain("%", cell);
        }

        Assert.Contains("No arm has a rewarded decision on its live version yet", Forms.Text(Row(html, "<p class=\"muted small\" id=\"pbest-note\">", "</p>")));
        Assert.Equal("4 decisions. PolicyA: no rewards yet, so no P(best) yet. PolicyB: no rewards yet, so no P(best) yet.", Summary(html));
    }

    [Fact]
    public async Task Experiment_EveryArmRewarded_FiguresAndNoNote()
    {
        await TrafficAsync(clicks: [(0, 1), (1, 0)]);

        var html = await Ui.CreateClient().GetStringAsync("/experiment");

        Assert.Matches(@"\d+\.\d%", Cell(Row(html, "<tr data-arm=\"PolicyB\">"), "pbest"));
        Assert.DoesNotContain("id=\"pbest-note\"", html);
        Assert.DoesNotContain("no P(best)", Summary(html));
    }

    private static string Summary(string html) => WebUtility.HtmlDecode(SummaryAttribute().Match(html).Groups[1].Value);

    private static string Row(string html, string start, string end = "</tr>")
    {
        var at = html.IndexOf(start, StringComparison.Ordinal);
        Assert.True(at >= 0, $"nothing starting {start}");
        return html[at..html.IndexOf(end, at, StringComparison.Ordinal)];
    }

    private static string Cell(string row, string cls)
    {
        var match = Regex.Match(row, $"<td class=\"[^\"]*\\b{cls}\\b[^\"]*\"[^>]*>(.*?)</td>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no {cls} cell in {row}");
        return match.Value;
    }

    [GeneratedRegex("data-summary=\"([^\"]*)\"")]
    private static partial Regex SummaryAttribute();
}
