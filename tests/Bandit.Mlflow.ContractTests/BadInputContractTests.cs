using System.Text;
using System.Text.Json;

namespace Bandit.Mlflow.ContractTests;

/// <summary>
/// Bad input that MLflow itself refuses with a 400 in its error shape, on any server (the local registry's wider sweep,
/// with its own choices, is <see cref="RegistryBadInputTests"/>): a too-large <c>max_results</c>, garbage page tokens,
/// non-numeric versions, invalid alias names. Nothing is created or moved by them. Not here: <c>max_results=-1</c>, which
/// MLflow 3.6 answers with 200 and a page token holding offset -1 (the local registry refuses it with 400).
/// </summary>
[Collection(MlflowServerCollection.Name)]
public sealed class BadInputContractTests(MlflowServerFixture server)
{
    [Theory]
    [InlineData("registered-models/search?max_results=1000000000000")]
    [InlineData("registered-models/search?page_token=garbage")]
    [InlineData("model-versions/search?page_token=garbage")]
    [InlineData("model-versions/get?name={model}&version=abc")]
    public async Task Get_BadParameter_Is400InvalidParameterValue(string query)
    {
        var (name, _) = await TestData.NewModelAsync(server.Client, versions: 1);

        using var response = await server.Http.GetAsync("api/2.0/mlflow/" + query.Replace("{model}", name, StringComparison.Ordinal));

        await AssertInvalidAsync(response);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a b")]
    [InlineData("champion\u202e")]
    [InlineData("latest")]
    public async Task SetAlias_InvalidName_Is400AndSetsNothing(string alias)
    {
        // Arrange
        var (name, _) = await TestData.NewModelAsync(server.Client, versions: 1);
        var body = JsonSerializer.Serialize(new { name, alias, version = "1" });

        // Act
        using var response = await server.Http.PostAsync("api/2.0/mlflow/registered-models/alias", new StringContent(body, Encoding.UTF8, "application/json"));
        var model = await server.Client.GetRegisteredModelAsync(name);

        // Assert
        await AssertInvalidAsync(response);
        Assert.Empty(model!.Aliases);
    }

    private static async Task AssertInvalidAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 400, $"{(int)response.StatusCode}: {text}");
        using var error = JsonDocument.Parse(text);
        Assert.Equal("INVALID_PARAMETER_VALUE", error.RootElement.GetProperty("error_code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.RootElement.GetProperty("message").GetString()));
    }
}
