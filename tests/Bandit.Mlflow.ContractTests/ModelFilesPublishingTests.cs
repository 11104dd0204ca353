using Bandit.Mlflow.Publishing;

namespace Bandit.Mlflow.ContractTests;

/// <summary>
/// <see cref="ModelFilesPublishing.PublishFilesAsync"/> refuses a file that would not lie beside <c>MLmodel</c> before
/// it asks the server anything (the client points at a port nothing listens on, so any request would fail differently).
/// The round trip through a registry is covered where the Trainer registers its router config.
/// </summary>
public sealed class ModelFilesPublishingTests
{
    private static readonly ModelPublisher _publisher = new(new MlflowClient(new HttpClient { BaseAddress = new Uri("http://127.0.0.1:9/") }));

    [Theory]
    [InlineData("../escape.json")]
    [InlineData("nested/config.json")]
    [InlineData("MLmodel")]
    public async Task PublishFilesAsync_FileNotBesideMlmodel_ThrowsBeforeAnyRequest(string name)
    {
        var files = new Dictionary<string, string> { [name] = "{}" };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _publisher.PublishFilesAsync("e", "r", files, new Dictionary<string, Dictionary<string, object?>>(), "m"));

        Assert.Contains(name, error.Message);
    }
}
