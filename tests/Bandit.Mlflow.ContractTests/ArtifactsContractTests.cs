using System.Net;

namespace Bandit.Mlflow.ContractTests;

[Collection(MlflowServerCollection.Name)]
public sealed class ArtifactsContractTests(MlflowServerFixture server) : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("mlflow-artifacts-").FullName;

    private MlflowClient Client => server.Client;

    [Fact]
    public async Task UploadThenDownload_BinaryFile_RoundTripsExactly()
    {
        var run = await TestData.NewRunAsync(Client);
        var bytes = TestData.RandomBytes(300_000, seed: 1);

        await Client.UploadArtifactAsync(run.Info.ArtifactUri!, "data/blob.bin", bytes);
        var downloaded = await Client.DownloadArtifactAsync(run.Info.ArtifactUri!, "data/blob.bin");

        Assert.Equal(bytes, downloaded);
    }

    [Fact]
    public async Task UploadArtifact_SamePathTwice_KeepsTheLastContent()
    {
        var run = await TestData.NewRunAsync(Client);

        await Client.UploadArtifactAsync(run.Info.ArtifactUri!, "config.json", "{\"v\":1}"u8.ToArray());
        await Client.UploadArtifactAsync(run.Info.ArtifactUri!, "config.json", "{\"v\":2}"u8.ToArray());

        Assert.Equal("{\"v\":2}"u8.ToArray(), await Client.DownloadArtifactAsync(run.Info.ArtifactUri!, "config.json"));
    }

    [Fact]
    public async Task ListArtifacts_NestedFolder_ListsOneLevelWithPathsRelativeToTheUri()
    {
        var run = await TestData.NewRunAsync(Client);
        var uri = run.Info.ArtifactUri!;
        await Client.UploadArtifactAsync(uri, "model/MLmodel", "flavors: {}\n"u8.ToArray());
        await Client.UploadArtifactAsync(uri, "model/weights/part 1.bin", new byte[10]);

        var top = await Client.ListArtifactsAsync(uri);
        var model = await Client.ListArtifactsAsync(uri, "model");

        Assert.Equal([new ArtifactFile("model", true, null)], top);
        Assert.Equal([new ArtifactFile("model/MLmodel", false, 12), new ArtifactFile("model/weights", true, null)], model.OrderBy(f => f.Path, StringComparer.Ordinal));
        Assert.Equal([new ArtifactFile("model/weights/part 1.bin", false, 10)], await Client.ListArtifactsAsync(uri, "model/weights"));
    }

    [Fact]
    public async Task ListArtifacts_MissingFolder_IsEmpty()
    {
        var run = await TestData.NewRunAsync(Client);

        Assert.Empty(await Client.ListArtifactsAsync(run.Info.ArtifactUri!, "nothing/here"));
    }

    [Fact]
    public async Task DownloadArtifact_Missing_Throws()
    {
        var run = await TestData.NewRunAsync(Client);

        var error = await Assert.ThrowsAsync<MlflowException>(() => Client.DownloadArtifactAsync(run.Info.ArtifactUri!, "missing.txt"));

        // MLflow answers 500 INTERNAL_ERROR here; the local registry answers the better 404 (see MLFLOW-REST.md).
        Assert.Equal(MlflowServerFixture.IsLocal ? HttpStatusCode.NotFound : HttpStatusCode.InternalServerError, error.StatusCode);
    }

    [Fact]
    public async Task UploadDirectoryThenDownloadDirectory_NestedTree_IsIdentical()
    {
        var run = await TestData.NewRunAsync(Client);
        var source = Path.Combine(_temp, "src");
        WriteFile(source, "MLmodel", "artifact_path: model\n"u8.ToArray());
        WriteFile(source, "model.zip", TestData.RandomBytes(50_000, seed: 2));
        WriteFile(source, "data/deep/er/config.json", "{}"u8.ToArray());

        await Client.UploadDirectoryAsync(run.Info.ArtifactUri!, source, "model");
        var target = Path.Combine(_temp, "dst");
        var count = await Client.DownloadDirectoryAsync(run.Info.ArtifactUri + "/model", target);

        Assert.Equal(3, count);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(target, Path.GetRelativePath(source, file))));
        }
    }

    [Theory]
    [InlineData("api/2.0/mlflow-artifacts/artifacts/0/%2E%2E/%2E%2E/escape.txt")]
    [InlineData("api/2.0/mlflow-artifacts/artifacts/0/%2e%2e%2f%2e%2e%2fescape.txt")]
    public async Task UploadArtifact_PathLeavingTheRoot_Is400InvalidPath(string target)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, Raw(target)) { Content = new ByteArrayContent("x"u8.ToArray()) };

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("INVALID_PARAMETER_VALUE", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UploadArtifact_LeadingEncodedSlash_IsRefusedOrRedirectedInsideTheRoot()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.TrackingUri };
        using var request = new HttpRequestMessage(HttpMethod.Put, Raw("api/2.0/mlflow-artifacts/artifacts/%2Ftmp/escape.txt")) { Content = new ByteArrayContent("x"u8.ToArray()) };

        using var response = await http.SendAsync(request);

        // The local registry refuses an absolute path (400); MLflow's router answers 308 to the same path without
        // the leading slash, i.e. inside the artifact root. Either way nothing is written outside it.
        if (MlflowServerFixture.IsLocal)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
            Assert.Equal("/api/2.0/mlflow-artifacts/artifacts/tmp/escape.txt", new Uri(server.TrackingUri, response.Headers.Location!).AbsolutePath);
        }
    }

    [Theory]
    [InlineData("../")]
    [InlineData("0/../../")]
    [InlineData("/etc")]
    public async Task ListArtifacts_PathLeavingTheRoot_Is400InvalidPath(string path)
    {
        using var response = await server.Http.GetAsync($"api/2.0/mlflow-artifacts/artifacts?path={Uri.EscapeDataString(path)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Invalid path", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DownloadArtifact_EncodedDotDot_Is400InvalidPath()
    {
        using var response = await server.Http.GetAsync(Raw("api/2.0/mlflow-artifacts/artifacts/0/%2E%2E/%2E%2E/%2E%2E/etc/passwd"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Client_RelativePathWithDotDot_IsRefusedBeforeSending()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Client.UploadArtifactAsync("mlflow-artifacts:/0", "../x.txt", new byte[1]));
    }

    // System.Uri would otherwise unescape and collapse the dot segments before they reach the server.
    private Uri Raw(string relative) =>
        new(server.TrackingUri.AbsoluteUri + relative, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    private static void WriteFile(string root, string relative, byte[] content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
