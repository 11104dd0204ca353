using System.Net;
using System.Text;
using Bandit.TestSupport;

namespace Bandit.Router.Tests.Api;

/// <summary>
/// The Router's OpenAPI document against DESIGN.md's HTTP surface (routes both ways, <c>/choose</c> included though
/// YARP serves it; every route with a JSON body declares 400, 413 and 415), and the body refusals on real Kestrel with a
/// client that writes its whole body: a 3 MB body is a 413 problem the client reads, on a connection that serves on.
/// </summary>
public sealed class OpenApiTests(InMemoryRouterFixture fixture) : IClassFixture<InMemoryRouterFixture>
{
    private const string Service = "Router";

    [Fact]
    public async Task OpenApiDocument_Routes_AreDesignsHttpSurface()
    {
        var document = await OpenApiSurface.FetchAsync(fixture.Client.Http);

        var designed = DesignHttpSurface.Routes(Service);
        Assert.Contains(("POST", "/choose"), designed); // so the comparison below can fail
        Assert.Equal(designed.Order(), document.Routes.Order());
    }

    [Fact]
    public async Task OpenApiDocument_BodyRoutes_DeclareTheRefusals()
    {
        var document = await OpenApiSurface.FetchAsync(fixture.Client.Http);

        var withBody = DesignHttpSurface.RoutesWithBody(Service);
        Assert.Contains(("POST", "/update"), withBody);
        Assert.All(withBody, route => Assert.Superset(new HashSet<int> { 200, 400, 413, 415 }, document.Statuses[route].ToHashSet()));
    }

    [Theory]
    [InlineData("/choose")]
    [InlineData("/update")]
    public async Task ThreeMegabyteBody_Is413ProblemAndTheConnectionServesOn(string path)
    {
        using var client = new CountingHttpClient(fixture.Client.Http.BaseAddress!);

        await BodyLimitProbe.AssertProblemAsync(client.Http, HttpMethod.Post, path, BodyLimitProbe.JsonOfSize(BodyLimitProbe.ThreeMegabytes), HttpStatusCode.RequestEntityTooLarge);
        using var stats = await client.Http.GetAsync("/stats");

        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Equal(1, client.Connections);
    }

    [Theory]
    [InlineData("/choose")]
    [InlineData("/update")]
    public async Task WrongMediaType_Is415_MalformedJson_Is400(string path)
    {
        using var client = new CountingHttpClient(fixture.Client.Http.BaseAddress!);

        await BodyLimitProbe.AssertProblemAsync(client.Http, HttpMethod.Post, path, new StringContent("{\"userId\": 1}", Encoding.UTF8, "text/csv"), HttpStatusCode.UnsupportedMediaType);
        await BodyLimitProbe.AssertProblemAsync(client.Http, HttpMethod.Post, path, new StringContent("{\"userId\": 1,", Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest);
    }
}
