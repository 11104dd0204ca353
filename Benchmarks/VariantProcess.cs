using System.Diagnostics;
using Bandit.Contracts;
using Bandit.Mlflow;

namespace Bandit.Benchmarks;

/// <summary>
/// The Variants service as its own process (<c>dotnet Bandit.Variants.dll</c>, built beside this benchmark), on a
/// free loopback port and configured only by environment variables, as the AppHost runs it.
/// </summary>
internal sealed class VariantProcess : IAsyncDisposable
{
    private readonly Process _process;

    private VariantProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    public static async Task<VariantProcess> StartAsync(Uri trackingUri, string modelName, string alias, CancellationToken cancellationToken)
    {
        var port = FreeLoopbackPort();
        var dll = Path.Combine(AppContext.BaseDirectory, "Bandit.Variants.dll");
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment[MlflowServiceCollectionExtensions.TrackingUriKey] = trackingUri.ToString();
        psi.Environment[ConfigurationKeys.EnvironmentVariable(ConfigurationKeys.Variant.Alias)] = alias;
        psi.Environment[ConfigurationKeys.EnvironmentVariable(ConfigurationKeys.Variant.ModelName)] = modelName;
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["Logging__LogLevel__Microsoft.Extensions.Diagnostics.HealthChecks"] = "None"; // "unhealthy" until loaded is expected
        var process = Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => Echo(e.Data);
        process.ErrorDataReceived += (_, e) => Echo(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var variant = new VariantProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { BaseAddress = variant.Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the variant exited with {process.ExitCode}");
            }

            try
            {
                using var health = await http.GetAsync("/health", cancellationToken);
                if (health.IsSuccessStatusCode)
                {
                    return variant;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        await variant.DisposeAsync();
        throw new TimeoutException("the variant did not become healthy within 2 minutes");
    }

    /// <summary>Processor time the variant process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Echo(string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            Console.WriteLine("  [variant] " + line);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
