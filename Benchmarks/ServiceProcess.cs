using System.Diagnostics;

namespace Bandit.Benchmarks;

/// <summary>
/// A .NET service built beside this benchmark, run as its own process (<c>dotnet &lt;dll&gt; args</c>) on a free loopback
/// port and configured only by environment variables, as the AppHost runs it; ready once its ready path answers.
/// Its CPU is read from <c>/proc</c>, so each process's share of the machine can be told apart.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    /// <summary>CPU seconds the process has used so far.</summary>
    public double CpuSeconds => ProcCpu.ProcessSeconds(_process.Id);

    /// <summary>
    /// Starts <c>dotnet &lt;AppContext.BaseDirectory&gt;/<paramref name="dll"/> <paramref name="args"/></c> with
    /// <c>ASPNETCORE_URLS</c> on a free port plus <paramref name="environment"/>, and waits (up to <paramref name="timeout"/>,
    /// a minute by default) until a GET of <paramref name="readyPath"/> gets any HTTP answer (Kestrel starts once the app
    /// is built), or a 2xx when <paramref name="requireSuccess"/> (a health check that holds until the service is ready).
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(
        string name, string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string readyPath, CancellationToken cancellationToken,
        bool requireSuccess = false, TimeSpan? timeout = null)
    {
        var port = RouterBenchSupport.FreePort();
        var psi = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"dotnet {dll} did not start");
        process.OutputDataReceived += (_, e) => Echo(name, e.Data);
        process.ErrorDataReceived += (_, e) => Echo(name, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { BaseAddress = service.Address, Timeout = TimeSpan.FromSeconds(2) };
        var wait = timeout ?? TimeSpan.FromMinutes(1);
        var deadline = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {process.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync(readyPath, cancellationToken);
                if (!requireSuccess || response.IsSuccessStatusCode)
                {
                    return service;
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

        await service.DisposeAsync();
        throw new TimeoutException($"{name} did not answer {readyPath}{(requireSuccess ? " with a 2xx" : "")} within {wait.TotalSeconds:F0} s");
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

    private static void Echo(string name, string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            Console.WriteLine($"  [{name}] {line}");
        }
    }
}
