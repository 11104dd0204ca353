using System.Text.Json.Nodes;
using Bandit.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bandit.Ui.Tests.Support;

/// <summary>
/// A variant as the real Router sees one: <c>POST /recommend</c> answers the Variants service's body (items, alias,
/// model version) and echoes the Router's decision headers into it, as Bandit.Variants does. For checking the Ui
/// against the real Router without training models.
/// </summary>
public sealed class FakeVariant : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeVariant(WebApplication app) => _app = app;

    public string Address { get; private set; } = "";

    public static async Task<FakeVariant> StartAsync(string alias, string modelVersion)
    {
        var app = await LoopbackApp.StartAsync(app =>
        {
            app.MapPost("/recommend", (Func<HttpContext, Task<IResult>>)(async context =>
            {
                var body = await JsonNode.ParseAsync(context.Request.Body);
                var k = body?["k"]?.GetValue<int>() ?? 10;
                var items = FakeRouter.Catalogue.Take(k).Select((m, i) => new { movieId = m.Id, title = m.Title, year = m.Year, genres = m.Genres, score = 0.8 - i * 0.05 });
                var headers = context.Request.Headers;
                return Results.Json(new
                {
                    items, alias, modelVersion,
                    arm = headers["X-Bandit-Arm"].ToString(),
                    decisionId = headers["X-Bandit-Decision"].ToString(),
                    propensity = double.Parse(headers["X-Bandit-Propensity"].ToString(), System.Globalization.CultureInfo.InvariantCulture),
                });
            }));
            app.MapGet("/health", () => "Healthy");
        });
        return new FakeVariant(app) { Address = app.Address() };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
