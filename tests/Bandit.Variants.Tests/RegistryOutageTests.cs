using Bandit.TestSupport;
using System.Net;
using Bandit.Mlflow;
using Bandit.Registry;
using Bandit.Variants.Tests.Support;

namespace Bandit.Variants.Tests;

/// <summary>
/// The registry goes away and comes back on the same port and data folder (its own registry here, so the shared one
/// stays up): a variant keeps serving what it loaded, says so on <c>/health</c> (200 Degraded) and <c>GET /model</c>,
/// keeps polling, and takes up an alias move made after the registry returns, without a restart.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class RegistryOutageTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RegistryStopped_WhileServing_KeepsServingDegradedThenFollowsTheAliasWhenBack()
    {
        // Arrange: two versions, alias on v1, a variant polling every 200 ms (backoff up to 1 s).
        await using var registry = new LocalRegistryServer();
        await registry.StartAsync();
        var name = RegistryFixture.NewModelName();
        var (v1, v2) = await PublishTwoAsync(registry, name);
        await using var variant = new VariantsApplication(registry.TrackingUri, name, "PolicyA");
        await variant.WaitForVersionAsync(v1, Deadline);
        var healthyBefore = await HealthAsync(variant);

        // Act 1: the registry goes away.
        await registry.StopAsync();
        var down = await variant.WaitForModelAsync(m => m.Registry.Status == "Unreachable", Deadline);
        var pollsAtOutage = variant.Watcher.PollCount;
        var served = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            served.Add((await variant.RecommendOkAsync(new { userId = 1 + i, k = 5 })).ModelVersion);
        }

        var healthDown = await HealthAsync(variant);
        using var alive = await variant.Http.GetAsync("/alive");
        await WaitUntilAsync(() => variant.Watcher.PollCount >= pollsAtOutage + 2, Deadline);

        // Act 2: back on the same port and data folder; the alias moves.
        await registry.StartAsync();
        using (var http = new HttpClient { BaseAddress = registry.TrackingUri })
        {
            await new MlflowClient(http).SetAliasAsync(name, "PolicyA", v2);
        }

        var back = await variant.WaitForVersionAsync(v2, Deadline);
        var recommended = await variant.RecommendOkAsync(new { userId = 1, k = 5 });
        var healthAfter = await WaitForHealthAsync(variant, "Healthy", Deadline);

        // Assert
        Assert.Equal((HttpStatusCode.OK, "Healthy"), healthyBefore);
        Assert.True(down.Loaded);
        Assert.Equal(v1, down.ModelVersion);
        Assert.NotNull(down.Registry.UnreachableSince);
        Assert.False(string.IsNullOrEmpty(down.Registry.Error));
        Assert.All(served, version => Assert.Equal(v1, version));
        Assert.Equal((HttpStatusCode.OK, "Degraded"), healthDown); // 200: an orchestrator must not kill a serving instance
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal("Following", back.Registry.Status);
        Assert.Null(back.Registry.UnreachableSince);
        Assert.Equal(v2, recommended.ModelVersion);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), healthAfter);
    }

    [Fact]
    public async Task RegistryDown_AtStart_Is503UntilTheRegistryComesUpThenLoads()
    {
        // Arrange: the alias is set, then the registry stops before the variant starts.
        await using var registry = new LocalRegistryServer();
        await registry.StartAsync();
        var name = RegistryFixture.NewModelName();
        var (v1, _) = await PublishTwoAsync(registry, name);
        await registry.StopAsync();
        await using var variant = new VariantsApplication(registry.TrackingUri, name, "PolicyA");

        // Act
        var down = await variant.WaitForModelAsync(m => m.Registry.Status == "Unreachable", Deadline);
        var healthDown = await HealthAsync(variant);
        using var recommendDown = await variant.RecommendAsync(new { userId = 1 });
        await registry.StartAsync();
        var loaded = await variant.WaitForVersionAsync(v1, Deadline);
        var healthUp = await WaitForHealthAsync(variant, "Healthy", Deadline);

        // Assert
        Assert.False(down.Loaded);
        Assert.NotNull(down.Registry.UnreachableSince);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, healthDown.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, recommendDown.StatusCode);
        Assert.Equal("application/problem+json", recommendDown.Content.Headers.ContentType?.MediaType);
        Assert.True(loaded.Loaded);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), healthUp);
    }

    /// <summary>Registers a logistic-regression v1 and a LightGBM v2 and points <c>PolicyA</c> at v1.</summary>
    private static async Task<(string V1, string V2)> PublishTwoAsync(LocalRegistryServer registry, string name)
    {
        using var http = new HttpClient { BaseAddress = registry.TrackingUri };
        var client = new MlflowClient(http);
        var v1 = (await ModelPublisher.PublishAsync(client, name, TestModels.Logistic)).Version;
        var v2 = (await ModelPublisher.PublishAsync(client, name, TestModels.LightGbm)).Version;
        await client.SetAliasAsync(name, "PolicyA", v1);
        return (v1, v2);
    }

    private static async Task<(HttpStatusCode Status, string Body)> HealthAsync(VariantsApplication variant)
    {
        using var response = await variant.Http.GetAsync("/health");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<(HttpStatusCode Status, string Body)> WaitForHealthAsync(VariantsApplication variant, string expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var health = await HealthAsync(variant);
        while (health.Body != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            health = await HealthAsync(variant);
        }

        return health;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not met within {timeout}");
            await Task.Delay(50);
        }
    }
}
