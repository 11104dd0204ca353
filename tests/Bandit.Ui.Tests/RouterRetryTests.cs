using System.Collections.Concurrent;
using System.Diagnostics;
using Bandit.TestSupport;
using Bandit.Ui.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bandit.Ui.Tests;

/// <summary>
/// What the Ui asks again: a 503 with problem details is the Router's answer (with Redis down, after its 5 s store
/// timeout) and is shown at once; a 503 without one (a proxy, a restarting replica) is still tried a second time.
/// A Router on real HTTP that counts the requests it gets and answers every one with a 503.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class RouterRetryTests(RegistryFixture registry)
{
    [Fact]
    public async Task Experiment_Router503WithProblemDetails_IsAskedOnceAndItsReasonShown()
    {
        var hits = new ConcurrentDictionary<string, int>();
        await using var router = await LoopbackApp.StartAsync(app => app.Run(async context =>
        {
            hits.AddOrUpdate(context.Request.Path, 1, (_, n) => n + 1);
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // the Router's store timeout, shortened
            await Results.Problem("the bandit store is not answering", statusCode: 503, title: "store unavailable").ExecuteAsync(context);
        }));
        await using var ui = new UiApplication(new Uri(router.Address()), registry.TrackingUri, registry.Seeded.ModelName,
            settings: new Dictionary<string, string?> { ["Ui:RouterTimeout"] = "00:00:02.5" });

        var clock = Stopwatch.StartNew();
        var html = await ui.CreateClient().GetStringAsync("/experiment");

        // Before the fix: /stats asked twice (1.5 s + 0.15 s + 1.5 s), cut by the 2.5 s timeout: "did not answer in time".
        Assert.Equal(1, hits.GetValueOrDefault("/stats"));
        Assert.Contains("the bandit store is not answering", Forms.Text(html));
        Assert.DoesNotContain("did not answer in time", Forms.Text(html));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), $"the page took {clock.Elapsed}");
    }

    [Fact]
    public async Task Experiment_Router503WithoutProblemDetails_IsAskedAgain()
    {
        var hits = new ConcurrentDictionary<string, int>();
        await using var router = await LoopbackApp.StartAsync(app => app.Run(context =>
        {
            hits.AddOrUpdate(context.Request.Path, 1, (_, n) => n + 1);
            context.Response.StatusCode = 503;
            return context.Response.WriteAsync("upstream restarting");
        }));
        await using var ui = new UiApplication(new Uri(router.Address()), registry.TrackingUri, registry.Seeded.ModelName);

        (await ui.CreateClient().GetAsync("/experiment")).Dispose();

        Assert.Equal(2, hits.GetValueOrDefault("/stats"));
    }
}
