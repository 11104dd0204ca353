using System.Net;
using Bandit.Ui.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Bandit.Ui.Tests;

[Collection(UiCollection.Name)]
public sealed class ReportPageTests(RegistryFixture registry) : IAsyncLifetime
{
    private FakeRouter _router = null!;
    private UiApplication _ui = null!;

    public async Task InitializeAsync()
    {
        _router = await FakeRouter.StartAsync();
        _ui = new UiApplication(_router.BaseAddress, registry.TrackingUri, modelName: registry.Seeded.ModelName);
    }

    public async Task DisposeAsync()
    {
        await _ui.DisposeAsync();
        await _router.DisposeAsync();
    }

    [Fact]
    public async Task Report_RendersMetricsSegmentsCvPlotsAndTheVerdict()
    {
        var html = await _ui.CreateClient().GetStringAsync("/report");

        var text = Forms.Text(html);
        Assert.Contains(RegistrySeed.Verdict, text);
        Assert.Contains("auc 0.7012 0.7424 +0.0412 B", text);
        Assert.Contains("log_loss (lower is better) 0.5800 0.5600 −0.0200 B", text);
        Assert.Contains("heavy users 0.7112 0.7524 +0.0412", text); // the user_time column group of the segment table
        Assert.Contains("policy_b 0.7384 0.0090 0.7204 – 0.7564", text); // CV: mean ± 2 std
        Assert.Contains("user_time +0.0412 [0.0310, 0.0520] B better", text); // bootstrap ΔAUC
        Assert.Contains($"src=\"/artifacts/{registry.Seeded.ComparisonRun}/plots/roc.png\"", html);
        Assert.Contains("lift.png not available yet", text);
        Assert.Contains("# Offline A/B report", text);
        PageAssert.NoStackTrace(html);
    }

    [Fact]
    public async Task Artifact_Plot_IsServedAsPngFromMlflow()
    {
        using var response = await _ui.CreateClient().GetAsync($"/artifacts/{registry.Seeded.ComparisonRun}/plots/roc.png");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await registry.Client.DownloadArtifactAsync((await registry.Client.GetRunAsync(registry.Seeded.ComparisonRun)).Info.ArtifactUri!, "plots/roc.png"), bytes);
    }

    [Theory]
    [InlineData("roc.exe", HttpStatusCode.BadRequest)]
    [InlineData("a%2F..%2F..%2Fsecret.png", HttpStatusCode.BadRequest)]
    [InlineData("missing.png", HttpStatusCode.NotFound)]
    public async Task Artifact_BadOrMissingPath_IsAProblemNotAFile(string path, HttpStatusCode expected)
    {
        using var response = await _ui.CreateClient().GetAsync($"/artifacts/{registry.Seeded.ComparisonRun}/{path}");

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Report_NoPolicyVersionsYet_SaysWhatIsMissingInsteadOfFailing()
    {
        await using var ui = new UiApplication(_router.BaseAddress, registry.TrackingUri, modelName: "no_such_model");

        using var response = await ui.CreateClient().GetAsync("/report");
        var text = Forms.Text(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("No version of no_such_model has the alias PolicyA yet", text);
        Assert.Contains("roc.png not available yet", text);
    }

    [Fact]
    public async Task Report_AfterPromotion_StillComparesTheRunsTheTrainerCompared()
    {
        var seeded = await registry.SeedFreshAsync();
        await registry.Client.SetAliasAsync(seeded.ModelName, "PolicyA", "2"); // both aliases now on version 2
        await using var ui = new UiApplication(_router.BaseAddress, registry.TrackingUri, modelName: seeded.ModelName);

        var text = Forms.Text(await ui.CreateClient().GetStringAsync("/report"));

        Assert.Contains("auc 0.7012 0.7424 +0.0412 B", text);
    }

    [Fact]
    public async Task Report_WithoutComparisonRun_ComparesTheAliasRunsAndSaysWhatIsMissing()
    {
        var seeded = await RegistrySeed.SeedAsync(registry.Client, "_nocmp_" + Guid.NewGuid().ToString("N")[..6], comparison: false);
        await using var ui = new UiApplication(_router.BaseAddress, registry.TrackingUri, modelName: seeded.ModelName);

        var text = Forms.Text(await ui.CreateClient().GetStringAsync("/report"));

        Assert.Contains("auc 0.7012 0.7424 +0.0412 B", text);
        Assert.Contains("No comparison run from the Trainer yet", text);
        Assert.Contains("policy_a 0.6972 0.0110", text); // CV from the policy runs' cv_auc_mean / cv_auc_std
        Assert.Contains("roc.png not available yet", text);
    }

    [Fact]
    public async Task Report_MlflowDown_ShowsReadableMessage()
    {
        var closed = new Uri($"http://127.0.0.1:{TestSupport.FreePort.Next()}/");
        await using var ui = new UiApplication(_router.BaseAddress, closed);

        var html = await ui.CreateClient().GetStringAsync("/report");

        Assert.Contains("is not answering: connection refused.", Forms.Text(html));
        PageAssert.NoStackTrace(html);
    }

    [Fact]
    public async Task UnknownPage_IsAFriendly404()
    {
        using var response = await _ui.CreateClient().GetAsync("/no/such/page");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no page at /no/such/page", html);
    }

    [Fact]
    public void Startup_InvalidSetting_FailsNamingTheKey()
    {
        using var ui = _ui.WithWebHostBuilder(b => b.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?> { ["Ui:HistoryCapacity"] = "1" })));

        var error = Assert.ThrowsAny<Exception>(() => ui.CreateClient());

        Assert.Contains("HistoryCapacity", error.ToString());
    }
}
