using Bandit.TestSupport;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Bandit.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bandit.Mlflow.ContractTests;

/// <summary>MLflow 3.3+ registry webhooks: creation rules on any server, signed delivery from the local registry.</summary>
[Collection(MlflowServerCollection.Name)]
public sealed class WebhooksContractTests(MlflowServerFixture server)
{
    [Fact]
    public async Task CreateWebhook_HttpUrlWithDefaultSchemes_Is400()
    {
        var body = """{"name": "w", "url": "http://127.0.0.1:9/hook", "events": [{"entity": "MODEL_VERSION_ALIAS", "action": "CREATED"}]}""";

        using var response = await server.Http.PostAsync("api/2.0/mlflow/webhooks", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Invalid webhook URL scheme", await response.Content.ReadAsStringAsync());
    }

    [LocalRegistryFact("it needs http deliveries to a local receiver, which MLflow only allows with MLFLOW_WEBHOOK_ALLOWED_SCHEMES")]
    public async Task SetAlias_WithAWebhook_DeliversASignedAliasCreatedEvent()
    {
        var deliveries = Channel.CreateUnbounded<(IHeaderDictionary Headers, string Body)>();
        await using var receiver = await StartReceiverAsync(deliveries.Writer);
        await using var registry = new LocalRegistryServer(configure: b => b.UseSetting("MLFLOW_WEBHOOK_ALLOWED_SCHEMES", "http,https"));
        await registry.StartAsync();
        using var http = new HttpClient { BaseAddress = registry.TrackingUri };
        var client = new MlflowClient(http);
        var hook = JsonSerializer.Serialize(new
        {
            name = "alias-moves",
            url = $"{receiver.Address()}/hook",
            events = new[] { new { entity = "MODEL_VERSION_ALIAS", action = "CREATED" } },
            secret = "whsec-contract",
        });
        using var created = await http.PostAsync("api/2.0/mlflow/webhooks", new StringContent(hook, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var (name, _) = await TestData.NewModelAsync(client, versions: 2);

        await client.SetAliasAsync(name, "PolicyB", "2");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var (headers, body) = await deliveries.Reader.ReadAsync(timeout.Token);
        string Header(string key) => headers[key].ToString();
        Assert.True(MlflowWebhookSignature.Verify("whsec-contract", Header(MlflowWebhookSignature.DeliveryIdHeader), Header(MlflowWebhookSignature.TimestampHeader),
            body, Header(MlflowWebhookSignature.SignatureHeader)));
        using var payload = JsonDocument.Parse(body);
        Assert.Equal("model_version_alias", payload.RootElement.GetProperty("entity").GetString());
        Assert.Equal("created", payload.RootElement.GetProperty("action").GetString());
        var data = payload.RootElement.GetProperty("data");
        Assert.Equal((name, "PolicyB", "2"), (data.GetProperty("name").GetString(), data.GetProperty("alias").GetString(), data.GetProperty("version").GetString()));
        Assert.False(deliveries.Reader.TryRead(out _), "only the subscribed event is delivered (not the model or version creations)");
    }

    private static async Task<WebApplication> StartReceiverAsync(ChannelWriter<(IHeaderDictionary, string)> deliveries)
    {
        return await LoopbackApp.StartAsync(app => app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            await deliveries.WriteAsync((new HeaderDictionary(request.Headers.ToDictionary(h => h.Key, h => h.Value)), await reader.ReadToEndAsync()));
            return Results.Ok();
        }));
    }
}
