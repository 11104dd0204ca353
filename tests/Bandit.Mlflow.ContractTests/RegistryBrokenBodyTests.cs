using System.Text.Json;
using Bandit.TestSupport;

namespace Bandit.Mlflow.ContractTests;

/// <summary>
/// A JSON body whose chunked framing breaks after its first chunk, on a raw socket: the registry answers MLflow's 400
/// INVALID_PARAMETER_VALUE saying the body broke off, and stores nothing. Before, it read every refusal of the shared
/// body reader as 413 RESOURCE_LIMIT_EXCEEDED.
/// </summary>
public sealed class RegistryBrokenBodyTests(SeededRegistryFixture registry) : IClassFixture<SeededRegistryFixture>
{
    [LocalRegistryFact("the wording of a refused body is the local registry's")]
    public async Task CreateRegisteredModel_BodyBreaksOff_Is400InvalidParameterAndChangesNothing()
    {
        var before = await registry.SnapshotAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        using var socket = await RawHttp.SendAsync(registry.Http.BaseAddress!, "POST", "api/2.0/mlflow/registered-models/create",
            ["Content-Type: application/json", "Transfer-Encoding: chunked"], "4\r\n{\"na\r\nzz\r\n", timeout.Token);
        var (head, body) = await RawHttp.ReadAnswerAsync(socket, timeout.Token);

        Assert.True(head.StartsWith("HTTP/1.1 400 ", StringComparison.Ordinal), $"{head}\n{body}");
        using var error = JsonDocument.Parse(body);
        Assert.Equal("INVALID_PARAMETER_VALUE", error.RootElement.GetProperty("error_code").GetString());
        Assert.StartsWith("the request body broke off", error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await registry.SnapshotAsync());
    }
}
