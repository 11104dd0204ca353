using Bandit.TestSupport;
using Microsoft.AspNetCore.Hosting;
using System.Net;
using Bandit.Registry;

namespace Bandit.Mlflow.ContractTests;

/// <summary>The local registry's configurable artifact size limit (<c>Registry:MaxArtifactBytes</c>).</summary>
public sealed class UploadLimitTests
{
    [LocalRegistryFact("the limit is the local registry's setting")]
    public async Task UploadArtifact_OverTheConfiguredLimit_Is413AndStoresNothing()
    {
        await using var registry = new LocalRegistryServer(configure: b => b.UseSetting("Registry:MaxArtifactBytes", "1000"));
        await registry.StartAsync();
        using var http = new HttpClient { BaseAddress = registry.TrackingUri };
        var client = new MlflowClient(http);

        await client.UploadArtifactAsync("mlflow-artifacts:/0/limits", "small.bin", new byte[1000]);
        var error = await Assert.ThrowsAsync<MlflowException>(() => client.UploadArtifactAsync("mlflow-artifacts:/0/limits", "big.bin", new byte[1001]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, error.StatusCode);
        Assert.Equal("RESOURCE_LIMIT_EXCEEDED", error.ErrorCode);
        Assert.Equal([new ArtifactFile("small.bin", false, 1000)], await client.ListArtifactsAsync("mlflow-artifacts:/0/limits"));
    }
}
