using System.Net;
using Bandit.TestSupport;
using Bandit.Variants.Tests.Support;

namespace Bandit.Variants.Tests;

/// <summary>
/// The service's OpenAPI document against DESIGN.md's HTTP surface: the same routes both ways, and every route that
/// takes a JSON body declares the body refusals (400, 413, 415) beside its 200. A route added to or removed from
/// either side fails here.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class OpenApiTests(RegistryFixture registry)
{
    private const string Service = "Variants";

    [Fact]
    public async Task OpenApiDocument_Routes_AreDesignsHttpSurface()
    {
        var variant = await registry.ServingVariantAsync();

        var document = await OpenApiSurface.FetchAsync(variant.Http);

        var designed = DesignHttpSurface.Routes(Service);
        Assert.NotEmpty(designed); // so the comparison below can fail
        Assert.Equal(designed.Order(), document.Routes.Order());
    }

    [Fact]
    public async Task OpenApiDocument_BodyRoutes_DeclareTheRefusals()
    {
        var variant = await registry.ServingVariantAsync();

        var document = await OpenApiSurface.FetchAsync(variant.Http);

        var withBody = DesignHttpSurface.RoutesWithBody(Service);
        Assert.NotEmpty(withBody);
        Assert.All(withBody, route => Assert.Superset(new HashSet<int> { 200, 400, 413, 415 }, document.Statuses[route].ToHashSet()));
        Assert.All(document.Statuses, operation => Assert.Contains(200, operation.Value));
    }

    [Fact]
    public async Task EveryServiceRoutes_Answer200()
    {
        var variant = await registry.ServingVariantAsync();
        var routes = DesignHttpSurface.Routes(DesignHttpSurface.EveryService);
        Assert.Contains(("GET", "/openapi/v1.json"), routes);

        foreach (var (method, path) in routes)
        {
            using var response = await variant.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path} answered {(int)response.StatusCode}");
        }
    }
}
