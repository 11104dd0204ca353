using System.Diagnostics;
using Bandit.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bandit.Mlflow.ContractTests;

/// <summary>
/// The registry as its own process, killed without warning (SIGKILL) after its answers: every acknowledged
/// write must be there when a new process opens the same data folder.
/// </summary>
public sealed class CrashDurabilityTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("registry-crash-").FullName;
    private readonly int _port = FreePort.Next();
    private Process? _process;

    [LocalRegistryFact("it kills and restarts a registry process")]
    public async Task KillDashNine_AfterAcknowledgedWrites_KeepsEveryModelVersionAliasAndArtifact()
    {
        await StartAsync();
        await using var services = MlflowServerFixture.NewServices(new Uri($"http://127.0.0.1:{_port}/"));
        var client = services.GetRequiredService<MlflowClient>();
        var (name, run) = await TestData.NewModelAsync(client, versions: 3);
        await client.SetAliasAsync(name, "PolicyA", "2");
        var blob = TestData.RandomBytes(64_000, seed: 5);
        await client.UploadArtifactAsync(run.Info.ArtifactUri!, "model/model.zip", blob);

        _process!.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        await StartAsync();

        Assert.Equal("2", (await client.GetModelVersionByAliasAsync(name, "PolicyA")).Version);
        Assert.Equal(["3", "2", "1"], (await client.SearchAllModelVersionsAsync(name)).Select(v => v.Version));
        Assert.Equal(blob, await client.DownloadArtifactAsync(run.Info.ArtifactUri!, "model/model.zip"));
    }

    private async Task StartAsync()
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _dataDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bandit.Registry.dll"));
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add($"http://127.0.0.1:{_port}");
        psi.Environment["Registry__DataDir"] = _dataDir;
        psi.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{_port}/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening (or not answering) yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the registry process did not answer /health on port {_port} (exited: {_process.HasExited})");
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        Directory.Delete(_dataDir, recursive: true);
    }
}
