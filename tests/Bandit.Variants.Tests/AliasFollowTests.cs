using System.Diagnostics;
using System.Net;
using Bandit.Variants.Tests.Support;
using Xunit.Abstractions;

namespace Bandit.Variants.Tests;

/// <summary>The "done when": a variant follows its alias across versions without a restart or a failed request.</summary>
[Collection(RegistryCollection.Name)]
public sealed class AliasFollowTests(RegistryFixture registry, ITestOutputHelper output)
{
    private static readonly TimeSpan SwapDeadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task MoveAlias_UnderContinuousLoad_ServesNewVersionWithin10sWithoutFailedRequests()
    {
        // Arrange: two versions of different kinds (so their scores differ), alias on v1, a variant polling every 200 ms.
        var name = RegistryFixture.NewModelName();
        var versions = await registry.PublishAsync(name, TestModels.Logistic, TestModels.LightGbm);
        var (v1, v2) = (versions[0].Version, versions[1].Version);
        await registry.Client.SetAliasAsync(name, "PolicyA", v1);
        await using var variant = new VariantsApplication(registry.TrackingUri, name, "PolicyA");
        await variant.WaitForVersionAsync(v1, SwapDeadline);
        var before = await variant.RecommendOkAsync(new { userId = 42, k = 10 });

        using var stop = new CancellationTokenSource();
        var load = RunLoadAsync(variant, stop.Token);

        // Act: move the alias while requests keep coming.
        await Task.Delay(500);
        await registry.Client.SetAliasAsync(name, "PolicyA", v2);
        var moved = Stopwatch.StartNew();
        var info = await variant.WaitForVersionAsync(v2, SwapDeadline);
        var modelSeenAfter = moved.Elapsed;
        var after = await WaitForRecommendVersionAsync(variant, v2, SwapDeadline - moved.Elapsed);
        var recommendSeenAfter = moved.Elapsed;
        await Task.Delay(500);
        stop.Cancel();
        var (ok, failures, versionsSeen) = await load;

        output.WriteLine($"{variant.Http.BaseAddress}: /model v{v2} after {modelSeenAfter.TotalMilliseconds:F0} ms, /recommend after {recommendSeenAfter.TotalMilliseconds:F0} ms; {ok} requests ok, {failures.Count} failed");

        // Assert
        Assert.Equal(v1, before.ModelVersion);
        Assert.Equal("lightgbm", info.Trainer);
        // Served per request the moment it is loaded, from the users' lists once they are built in the background.
        Assert.Contains(info.Scoring, new[] { Bandit.Variants.Serving.Ranking.ExactTreeRanker.EngineName, Bandit.Variants.Serving.Ranking.UserListRanker.EngineName });
        Assert.True(modelSeenAfter < SwapDeadline, $"/model reported v{v2} after {modelSeenAfter}");
        Assert.True(recommendSeenAfter < SwapDeadline, $"/recommend reported v{v2} after {recommendSeenAfter}");
        Assert.Equal(v2, after.ModelVersion);
        Assert.NotEqual(before.Items.Select(i => i.Score), after.Items.Select(i => i.Score));
        Assert.Empty(failures);
        Assert.True(ok > 20, $"only {ok} requests completed during the test");
        Assert.Equal([v1, v2], versionsSeen.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(Breakage.WrongFeatureSpec, "ctr-features/0")]
    [InlineData(Breakage.CorruptModel, "model.zip")]
    [InlineData(Breakage.NoMlnetFlavor, "mlnet")]
    public async Task MoveAlias_ToBrokenVersion_KeepsServingOldAndReportsError(Breakage breakage, string errorMentions)
    {
        // Arrange
        var name = RegistryFixture.NewModelName();
        var good = (await registry.PublishAsync(name, TestModels.Logistic))[0].Version;
        var broken = (await ModelPublisher.PublishAsync(registry.Client, name, TestModels.Logistic, breakage)).Version;
        await registry.Client.SetAliasAsync(name, "PolicyA", good);
        await using var variant = new VariantsApplication(registry.TrackingUri, name, "PolicyA");
        await variant.WaitForVersionAsync(good, SwapDeadline);

        // Act
        await registry.Client.SetAliasAsync(name, "PolicyA", broken);
        var info = await variant.WaitForModelAsync(m => m.LastError is not null, SwapDeadline);
        var served = await variant.RecommendOkAsync(new { userId = 1 });
        var health = await variant.Http.GetAsync("/health");

        // Assert
        Assert.Equal(good, info.ModelVersion);
        Assert.Equal(broken, info.LastError!.Version);
        Assert.Contains(errorMentions, info.LastError.Message, StringComparison.Ordinal);
        Assert.Equal(broken, info.Registry.Version);
        Assert.Equal(good, served.ModelVersion);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode); // degraded (the alias is not taken up) but serving
    }

    [Fact]
    public async Task MoveAlias_FromBrokenToGoodVersion_RecoversAndClearsError()
    {
        // Arrange
        var name = RegistryFixture.NewModelName();
        var good = (await registry.PublishAsync(name, TestModels.Logistic, TestModels.LightGbm)).Select(v => v.Version).ToList();
        var broken = (await ModelPublisher.PublishAsync(registry.Client, name, TestModels.Logistic, Breakage.CorruptModel)).Version;
        await registry.Client.SetAliasAsync(name, "PolicyA", good[0]);
        await using var variant = new VariantsApplication(registry.TrackingUri, name, "PolicyA");
        await variant.WaitForVersionAsync(good[0], SwapDeadline);
        await registry.Client.SetAliasAsync(name, "PolicyA", broken);
        await variant.WaitForModelAsync(m => m.LastError is not null, SwapDeadline);

        // Act
        await registry.Client.SetAliasAsync(name, "PolicyA", good[1]);
        var info = await variant.WaitForVersionAsync(good[1], SwapDeadline);

        // Assert
        Assert.Null(info.LastError);
        Assert.Equal("Following", info.Registry.Status);
    }

    [Fact]
    public async Task Health_NoVersionYet_Is503UntilTheAliasIsSet()
    {
        // Arrange: a model without the alias.
        var name = RegistryFixture.NewModelName();
        var v1 = (await registry.PublishAsync(name, TestModels.Logistic))[0].Version;
        await using var variant = new VariantsApplication(registry.TrackingUri, name, "PolicyB");
        await variant.WaitForModelAsync(m => m.Registry.Status == "AliasMissing", SwapDeadline);

        // Act
        var healthBefore = await variant.Http.GetAsync("/health");
        var aliveBefore = await variant.Http.GetAsync("/alive");
        using var recommendBefore = await variant.RecommendAsync(new { userId = 1 });
        await registry.Client.SetAliasAsync(name, "PolicyB", v1);
        await variant.WaitForVersionAsync(v1, SwapDeadline);
        var healthAfter = await variant.Http.GetAsync("/health");

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, healthBefore.StatusCode);
        Assert.Equal(HttpStatusCode.OK, aliveBefore.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, recommendBefore.StatusCode);
        Assert.Equal("application/problem+json", recommendBefore.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, healthAfter.StatusCode);
    }

    [Fact]
    public async Task Start_MlflowUnreachable_StartsAliveButNotReadyAndReportsIt()
    {
        // Arrange: a tracking URI where nothing listens.
        var closed = new Uri($"http://127.0.0.1:{Bandit.TestSupport.FreePort.Next()}/");
        await using var variant = new VariantsApplication(closed, RegistryFixture.NewModelName());

        // Act
        var info = await variant.WaitForModelAsync(m => m.Registry.Status == "Unreachable", SwapDeadline);
        var alive = await variant.Http.GetAsync("/alive");
        var health = await variant.Http.GetAsync("/health");

        // Assert
        Assert.False(info.Loaded);
        Assert.NotNull(info.Registry.Error);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
    }

    private static async Task<Bandit.Variants.Model.RecommendResponse> WaitForRecommendVersionAsync(VariantsApplication variant, string version, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var response = await variant.RecommendOkAsync(new { userId = 42, k = 10 });
            if (response.ModelVersion == version || DateTime.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Sends recommend requests back to back (two clients) until cancelled; counts successes, keeps every failure.</summary>
    private static async Task<(int Ok, List<string> Failures, HashSet<string> Versions)> RunLoadAsync(VariantsApplication variant, CancellationToken stop)
    {
        var ok = 0;
        var failures = new List<string>();
        var versions = new HashSet<string>();
        var random = new Random(3);
        async Task ClientAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                int user;
                lock (random)
                {
                    user = random.Next(1, 700);
                }

                try
                {
                    using var response = await variant.RecommendAsync(new { userId = user, k = 10 });
                    var body = await response.Content.ReadAsStringAsync();
                    lock (failures)
                    {
                        if (response.IsSuccessStatusCode)
                        {
                            ok++;
                            versions.Add(System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("modelVersion").GetString()!);
                        }
                        else
                        {
                            failures.Add($"{(int)response.StatusCode}: {body}");
                        }
                    }
                }
                catch (HttpRequestException e)
                {
                    lock (failures)
                    {
                        failures.Add(e.Message);
                    }
                }
            }
        }

        await Task.WhenAll(ClientAsync(), ClientAsync());
        return (ok, failures, versions);
    }
}
