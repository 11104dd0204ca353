using System.Net;
using System.Text;
using System.Text.Json;

namespace Bandit.Mlflow.ContractTests;

/// <summary>Wire rules below the typed client: content types, bad JSON, error bodies, empty lists, health.</summary>
[Collection(MlflowServerCollection.Name)]
public sealed class WireContractTests(MlflowServerFixture server)
{
    private HttpClient Http => server.Http;

    [Fact]
    public async Task Post_WithoutJsonContentType_Is400InvalidParameterValue()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"name\":\"{MlflowServerFixture.Unique("m")}\"}}"));

        using var response = await Http.PostAsync("api/2.0/mlflow/registered-models/create", content);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Theory]
    [InlineData("{\"name\":")]
    [InlineData("not json at all")]
    [InlineData("{\"name\": 42}")]
    public async Task Post_MalformedOrMistypedJson_Is400InvalidParameterValue(string body)
    {
        using var response = await Http.PostAsync("api/2.0/mlflow/registered-models/create", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Post_JsonArrayInsteadOfObject_IsRefused()
    {
        using var response = await Http.PostAsync("api/2.0/mlflow/registered-models/create", new StringContent("[1,2,3]", Encoding.UTF8, "application/json"));

        // MLflow 3.6 fails inside protobuf parsing and answers 500 INTERNAL_ERROR; the local registry answers 400.
        if (MlflowServerFixture.IsLocal)
        {
            await AssertErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        }
        else
        {
            Assert.False(response.IsSuccessStatusCode);
        }
    }

    [Fact]
    public async Task DeleteAlias_ReadsTheJsonBodyWhateverTheContentType_AndAQueryStringAloneIs400()
    {
        var (name, _) = await TestData.NewModelAsync(server.Client, versions: 1);
        await server.Client.SetAliasAsync(name, "gone", "1");

        using var withQuery = new HttpRequestMessage(HttpMethod.Delete, $"api/2.0/mlflow/registered-models/alias?name={name}&alias=gone");
        using var queryResponse = await Http.SendAsync(withQuery);
        using var withBody = new HttpRequestMessage(HttpMethod.Delete, "api/2.0/mlflow/registered-models/alias")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"name\":\"{name}\",\"alias\":\"gone\"}}")),
        };
        using var bodyResponse = await Http.SendAsync(withBody);

        await AssertErrorAsync(queryResponse, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Equal(HttpStatusCode.OK, bodyResponse.StatusCode);
        Assert.Null(await server.Client.TryGetModelVersionByAliasAsync(name, "gone"));
    }

    [Fact]
    public async Task Search_WithNoMatch_LeavesTheListFieldOut()
    {
        var filter = Uri.EscapeDataString($"name='{MlflowServerFixture.Unique("none")}'");

        using var response = await Http.GetAsync($"api/2.0/mlflow/model-versions/search?filter={filter}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(body.RootElement.EnumerateObject());
    }

    [Fact]
    public async Task ModelVersion_OnTheWire_HasStringVersionAndNumericTimestamps()
    {
        var (name, _) = await TestData.NewModelAsync(server.Client, versions: 1);

        using var response = await Http.GetAsync($"api/2.0/mlflow/model-versions/get?name={name}&version=1");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var version = body.RootElement.GetProperty("model_version");
        Assert.Equal(JsonValueKind.String, version.GetProperty("version").ValueKind);
        Assert.Equal(JsonValueKind.Number, version.GetProperty("creation_timestamp").ValueKind);
        Assert.Equal("READY", version.GetProperty("status").GetString());
        Assert.False(version.TryGetProperty("aliases", out _), "an empty aliases list is left out");
    }

    [Fact]
    public async Task GetAlias_WithoutParameters_Is400()
    {
        using var response = await Http.GetAsync("api/2.0/mlflow/registered-models/alias");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Health_IsOk_AndVersionIsAVersionString()
    {
        var health = await Http.GetStringAsync("health");
        var version = await Http.GetStringAsync("version");

        Assert.Equal("OK", health);
        Assert.Matches(@"^\d+\.\d+\.\d+", version);
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string errorCode)
    {
        Assert.Equal(status, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(errorCode, body.RootElement.GetProperty("error_code").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("message").GetString()));
    }
}
