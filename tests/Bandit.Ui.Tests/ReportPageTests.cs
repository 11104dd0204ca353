using System.Net;
using Bandit.TestSupport;
using Bandit.Ui.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Bandit.Ui.Tests;

[Collection(UiCollection.Name)]
public sealed class ReportPageTests(RegistryFixture registry) : FakeRouterPageTests(registry)
{
    [Fact]
    public async Task Report_DefaultsToTheVerdictsSplit_WithMetricsSegmentsRowsBaselineCvPlotsAndVerdict()
    {
        var html = await Ui.CreateClient().GetStringAsync("/report");

        var text = Forms.Text(html);
        Assert.Contains("Bootstrap verdict, user-time split " + RegistrySeed.Verdict, text);
        Assert.Contains("data-split=\"user-time\" aria-current=\"page\"", html);
        Assert.Contains("auc 0.7012 0.7424 +0.0412 B", text);
        Assert.Contains("log_loss ↓ 0.5800 0.5600 −0.0200 B", text);
        Assert.Contains("Segment Rows Click rate Baseline PolicyA PolicyB B − A", text);
        Assert.Contains("heavy users 9,100 51.0% 0.6200 0.7112 0.7524 +0.0412", text);
        Assert.Contains("policy_b 0.7384 0.0090 0.7204 – 0.7564", text); // CV: mean ± 2 std
        Assert.Contains("user-time +0.0412 [0.0310, 0.0520] B better", text); // bootstrap ΔAUC on this split
        Assert.Contains($"href=\"/artifacts/{Registry.Seeded.ComparisonRun}/plots/user-time/roc.png\"", html);
        Assert.Contains($"src=\"/artifacts/{Registry.Seeded.ComparisonRun}/plots/cv_auc_box.png\"", html);
        Assert.Contains("user-time/lift.png", text); // named as not available yet
        PageAssert.NoStackTrace(html);
    }

    [Fact]
    public async Task Report_SmallSegment_IsGreyedAndNotCalledAWinner()
    {
        var html = await Ui.CreateClient().GetStringAsync("/report");

        var filmNoir = System.Text.RegularExpressions.Regex.Match(html, "<tr data-segment=\"Film-Noir\"[^>]*>[\\s\\S]*?</tr>").Value;
        var heavy = System.Text.RegularExpressions.Regex.Match(html, "<tr data-segment=\"heavy users\"[^>]*>[\\s\\S]*?</tr>").Value;
        Assert.Contains("class=\"small-segment\"", filmNoir); // 25 rows: the AUC's standard error is ~0.1
        Assert.DoesNotContain("better", filmNoir);              // although B − A is +0.3
        Assert.Contains("+0.3000", Forms.Text(filmNoir));
        Assert.Contains("num delta better", heavy);             // 9,100 rows: +0.041 is far beyond 1.96 × SE
    }

    [Fact]
    public async Task Report_SplitSwitch_ShowsTheOtherSplitsSegmentsBootstrapAndPlots()
    {
        var html = await Ui.CreateClient().GetStringAsync("/report?split=global-time");

        var text = Forms.Text(html);
        Assert.Contains("data-split=\"global-time\" aria-current=\"page\"", html);
        Assert.Contains("cold-start users 18,251 46.5% 0.6580 0.6590 0.6601", text);
        Assert.Contains("global-time +0.0040 [−0.0060, 0.0140] no clear difference", text.Replace("-0.0060", "−0.0060", StringComparison.Ordinal));
        Assert.Contains("auc 0.6610 0.6650 +0.0040", text);
        Assert.Contains($"/plots/global-time/roc.png", html);
        Assert.DoesNotContain("/plots/user-time/roc.png", html);
        Assert.Contains("Bootstrap verdict, user-time split", text); // the verdict stays the registered split's, and says so
    }

    [Fact]
    public async Task Report_RendersReportMdAsHtml_WithoutRawHtmlOrScriptLinks()
    {
        var html = await Ui.CreateClient().GetStringAsync("/report");

        var markdown = html[html.IndexOf("class=\"markdown\"", StringComparison.Ordinal)..];
        Assert.Contains("<h1>Offline A/B: Policy A (logistic regression) vs Policy B (LightGBM)</h1>", markdown);
        Assert.Contains("<table>", markdown);
        Assert.Contains("<strong>user-time</strong>", markdown);
        Assert.Contains("href=\"https://example.org/trainer\"", markdown);
        Assert.DoesNotContain("javascript:", markdown);
        Assert.DoesNotContain("<script>alert", markdown);
    }

    [Fact]
    public async Task Artifact_Plot_IsServedAsPngFromMlflow()
    {
        using var response = await Ui.CreateClient().GetAsync($"/artifacts/{Registry.Seeded.ComparisonRun}/plots/user-time/roc.png");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await Registry.Client.DownloadArtifactAsync((await Registry.Client.GetRunAsync(Registry.Seeded.ComparisonRun)).Info.ArtifactUri!, "plots/user-time/roc.png"), bytes);
    }

    [Theory]
    [InlineData("roc.exe", HttpStatusCode.BadRequest)]
    [InlineData("a%2F..%2F..%2Fsecret.png", HttpStatusCode.BadRequest)]
    [InlineData("missing.png", HttpStatusCode.NotFound)]
    public async Task Artifact_BadOrMissingPath_IsAProblemNotAFile(string path, HttpStatusCode expected)
    {
        using var response = await Ui.CreateClient().GetAsync($"/artifacts/{Registry.Seeded.ComparisonRun}/{path}");

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Report_NoPolicyVersionsYet_SaysWhatIsMissingInsteadOfFailing()
    {
        await using var ui = NewUi("no_such_model");

        using var response = await ui.CreateClient().GetAsync("/report");
        var text = Forms.Text(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("No version of no_such_model has the alias PolicyA yet", text);
        Assert.Contains("cv_auc_box.png not available yet", text);
    }

    [Fact]
    public async Task Report_AfterPromotion_FollowsTheLiveAliasesAndSaysWhichVersionsTheComparisonCompared()
    {
        var seeded = await Registry.SeedFreshAsync();
        await Registry.Client.SetAliasAsync(seeded.ModelName, "PolicyA", "2"); // both aliases now on version 2
        await using var ui = NewUi(seeded.ModelName);

        var text = Forms.Text(await ui.CreateClient().GetStringAsync("/report"));

        Assert.Contains("PolicyA version 2", text);
        Assert.Contains("auc 0.7424 0.7424 0", text); // the live versions: the same run on both sides
        Assert.Contains("PolicyA and PolicyB both point at version 2: the live experiment is an A/A test", text);
        Assert.Contains("compared version 1 with version 2", text);
        Assert.Contains("Bootstrap verdict, user-time split (of v1 vs v2)", text);
    }

    [Fact]
    public async Task Report_WithoutComparisonRun_ComparesTheAliasRunsAndSaysWhatIsMissing()
    {
        var seeded = await RegistrySeed.SeedAsync(Registry.Client, "_nocmp_" + Guid.NewGuid().ToString("N")[..6], comparison: false);
        await using var ui = NewUi(seeded.ModelName);

        var text = Forms.Text(await ui.CreateClient().GetStringAsync("/report"));

        Assert.Contains("auc 0.7012 0.7424 +0.0412 B", text);
        Assert.Contains("No comparison run from the Trainer yet", text);
        Assert.Contains("policy_a 0.6972 0.0110", text); // CV from the policy runs' cv_auc_mean / cv_auc_std
        Assert.Contains("not available yet", text);
    }

    [Fact]
    public async Task Report_MlflowDown_ShowsReadableMessage()
    {
        var closed = new Uri($"http://127.0.0.1:{TestSupport.FreePort.Next()}/");
        await using var ui = NewUi(trackingUri: closed);

        var html = await ui.CreateClient().GetStringAsync("/report");

        Assert.Contains("is not answering: connection refused.", Forms.Text(html));
        PageAssert.NoStackTrace(html);
    }

    [Fact]
    public async Task UnknownPage_IsAFriendly404()
    {
        using var response = await Ui.CreateClient().GetAsync("/no/such/page");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no page at /no/such/page", html);
    }

    /// <summary>
    /// Run as a user runs it (its own process): the Ui refuses the setting in one line naming the key, exit 2. In-process
    /// (WebApplicationFactory) the entry point now reports and returns instead of throwing, so the factory saw only its
    /// host disposed; the user-facing answer is the process's.
    /// </summary>
    [Fact]
    public async Task Startup_InvalidSetting_FailsNamingTheKey()
    {
        var (code, stdout, stderr) = await ServiceProcess.RunAsync("Bandit.Ui.dll", ["--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string> { ["Ui__HistoryPoints"] = "1" });

        Assert.Equal(Microsoft.Extensions.Hosting.ServiceRunner.BadConfiguration, code);
        Assert.Contains("HistoryPoints", Assert.Single(ServiceProcess.Lines(stderr)), StringComparison.Ordinal);
        Assert.StartsWith("Bandit.Ui: invalid configuration: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }
}
