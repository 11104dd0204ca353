using Bandit.TestSupport;
using System.Text;
using Bandit.Registry;

namespace Bandit.Mlflow.ContractTests;

/// <summary>
/// A local registry of its own, seeded with a model (two versions, an alias), a run with metrics, params, tags and
/// artifacts, for sweeps that must show bad input leaves the stored state alone. Its data folder sits two levels
/// inside a sandbox folder, so a path that escaped the artifact root by a few <c>..</c> would land in the sandbox
/// (searched) rather than somewhere unknown. Not started against an external MLflow.
/// </summary>
public sealed class SeededRegistryFixture : IAsyncLifetime
{
    /// <summary>The file name every path-traversal attempt tries to create.</summary>
    public const string Marker = "escape-marker.txt";

    private readonly string _sandbox = Path.Combine(Path.GetTempPath(), "bandit-sweep-" + Guid.NewGuid().ToString("N"));

    public LocalRegistryServer? Server { get; private set; }

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The seeded registered model's name.</summary>
    public string SeededModel { get; private set; } = "";

    public string RunId { get; private set; } = "";

    public string ExperimentId { get; private set; } = "";

    /// <summary>The run's artifact folder, relative to the artifact root (<c>{experiment}/{run}/artifacts</c>).</summary>
    public string RunArtifacts => $"{ExperimentId}/{RunId}/artifacts";

    public string ArtifactRoot => Path.Combine(Server!.DataDir, "artifacts");

    public async Task InitializeAsync()
    {
        if (!MlflowServerFixture.IsLocal)
        {
            return;
        }

        Server = new LocalRegistryServer(Path.Combine(_sandbox, "deep", "data"));
        await Server.StartAsync();
        Http = new HttpClient { BaseAddress = Server.TrackingUri };
        var client = new MlflowClient(Http);
        var (name, run) = await TestData.NewModelAsync(client, versions: 2);
        await client.SetAliasAsync(name, "champion", "1");
        (RunId, ExperimentId) = (run.Info.RunId, run.Info.ExperimentId);
        await client.UploadArtifactAsync(run.Info.ArtifactUri!, "model/MLmodel", Encoding.UTF8.GetBytes("flavors: {}\n"));
        await client.UploadArtifactAsync(run.Info.ArtifactUri!, "model/model.zip", TestData.RandomBytes(2048, seed: 1));
        var batch = $$"""{"run_id": "{{RunId}}", "metrics": [{"key": "auc", "value": 0.7, "timestamp": 1, "step": 0}], "params": [{"key": "lr", "value": "0.1"}], "tags": [{"key": "t", "value": "v"}]}""";
        using var logged = await Http.PostAsync("api/2.0/mlflow/runs/log-batch", new StringContent(batch, Encoding.UTF8, "application/json"));
        logged.EnsureSuccessStatusCode();
        SeededModel = name;
    }

    /// <summary>
    /// Everything stored, as text: every registered model, model version and webhook, the seeded run, and the file tree
    /// of the whole data folder but the SQLite files (paths and sizes; the upload scratch folder must be empty).
    /// </summary>
    public async Task<string> SnapshotAsync()
    {
        var text = new StringBuilder();
        foreach (var query in new[]
        {
            "api/2.0/mlflow/registered-models/search?max_results=1000",
            "api/2.0/mlflow/model-versions/search?max_results=1000",
            $"api/2.0/mlflow/runs/get?run_id={RunId}",
            "api/2.0/mlflow/webhooks",
        })
        {
            text.AppendLine(await Http.GetStringAsync(query));
        }

        var dataDir = Server!.DataDir;
        foreach (var file in Directory.EnumerateFiles(dataDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!Path.GetFileName(file).StartsWith("mlflow.db", StringComparison.Ordinal))
            {
                text.AppendLine($"{Path.GetRelativePath(dataDir, file)} {new FileInfo(file).Length}");
            }
        }

        return text.ToString();
    }

    /// <summary>Where a <see cref="Marker"/> file exists: anywhere in the sandbox, or directly in any folder above it.</summary>
    public IReadOnlyList<string> MarkerFiles()
    {
        var found = Directory.EnumerateFiles(_sandbox, "*" + Marker + "*", SearchOption.AllDirectories).ToList();
        for (var dir = Directory.GetParent(_sandbox); dir is not null; dir = dir.Parent)
        {
            found.AddRange(Directory.EnumerateFiles(dir.FullName, "*" + Marker + "*", SearchOption.TopDirectoryOnly));
        }

        return found;
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (Directory.Exists(_sandbox))
        {
            Directory.Delete(_sandbox, recursive: true);
        }
    }
}
