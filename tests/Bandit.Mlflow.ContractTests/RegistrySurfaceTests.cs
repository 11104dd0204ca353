using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bandit.TestSupport;

namespace Bandit.Mlflow.ContractTests;

/// <summary>
/// The local registry's HTTP surface: its OpenAPI document against DESIGN.md (the registry serves MLflow's REST API,
/// so every route lies under the prefixes the MLflow registry contract names, beside <c>mlflow server</c>'s
/// <c>GET /version</c>), and its body limit on real Kestrel: a body over the limit is answered 413 in MLflow's error
/// shape on a connection that stays usable.
/// </summary>
public sealed partial class RegistrySurfaceTests(LocalRegistryFixture registry) : IClassFixture<LocalRegistryFixture>
{
    /// <summary>The one route outside the REST prefixes: <c>mlflow server</c> answers it too, and clients probe it.</summary>
    private static readonly (string, string) ServerVersion = ("GET", "/version");

    [Fact]
    public async Task OpenApiDocument_EveryRoute_IsUnderDesignsMlflowPrefixes()
    {
        using var http = new HttpClient { BaseAddress = registry.TrackingUri };

        var document = await OpenApiSurface.FetchAsync(http);

        var prefixes = MlflowPrefixes();
        Assert.Equal(["/api/2.0/mlflow-artifacts/", "/api/2.0/mlflow/"], prefixes.Order());
        var outside = document.Routes.Where(r => !prefixes.Any(p => r.Path.StartsWith(p, StringComparison.Ordinal))).ToList();
        Assert.Equal([ServerVersion], outside);
        Assert.Contains(("POST", "/api/2.0/mlflow/registered-models/create"), document.Routes);
        Assert.Contains(("PUT", "/api/2.0/mlflow-artifacts/artifacts/{path}"), document.Routes);
        Assert.Empty(DesignHttpSurface.Routes("Registry")); // DESIGN lists none by name: a row added there must be checked here
    }

    [Fact]
    public async Task JsonBodyOverTheLimit_Is413InMlflowShapeAndTheConnectionServesOn()
    {
        using var client = new CountingHttpClient(registry.TrackingUri);
        const int size = 17_000_000; // over RequestArgs.MaxJsonBytes (16 MiB)

        using var refused = await client.Http.PostAsync("api/2.0/mlflow/registered-models/create", BodyLimitProbe.JsonOfSize(size));
        var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        using var next = await client.Http.GetAsync("version");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("RESOURCE_LIMIT_EXCEEDED", error.GetProperty("error_code").GetString());
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(1, client.Connections);
    }

    /// <summary>The REST prefixes in DESIGN.md's "MLflow registry contract" (<c>/api/2.0/mlflow/...</c>).</summary>
    private static IReadOnlySet<string> MlflowPrefixes()
    {
        var design = File.ReadAllText(DesignHttpSurface.DesignPath());
        var section = design[design.IndexOf("## MLflow registry contract", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        return Prefix().Matches(section).Select(m => m.Groups[1].Value).ToHashSet();
    }

    [GeneratedRegex(@"`(/api/[^`]+?/)\.\.\.`")]
    private static partial Regex Prefix();
}
