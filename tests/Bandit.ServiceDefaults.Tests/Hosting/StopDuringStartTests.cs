using Bandit.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bandit.ServiceDefaults.Tests.Hosting;

/// <summary>
/// Ctrl+C or SIGTERM while a service is still starting is a stop the user (or Aspire, which stops resources with SIGTERM)
/// asked for: it ends as a stop after the start does — exit 0, nothing on standard error, no trace anywhere. It used to be
/// Kestrel's TaskCanceledException, unhandled: a trace and SIGABRT (134).
/// </summary>
public sealed class StopDuringStartTests
{
    /// <summary>
    /// Deterministic: the stop is asked for (as the console lifetime does on a signal) before the server starts, so the
    /// host cancels Kestrel's bind — the very exception a signal caused in a ~30 ms window of the real start.
    /// </summary>
    [Fact]
    public async Task StopAskedBeforeTheServerStarts_RunReturnsZero()
    {
        var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Services.AddHostedService<StopOnStarting>();

        var code = await builder.RunServiceAsync(_ => { }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, code);
    }

    /// <summary>
    /// The real process and signal, 15 ms after the host logs "Hosting starting": on this machine its Ctrl+C/SIGTERM
    /// handlers are installed ~5 ms after that line and the server listens ~40 ms after it, so the signal lands in the
    /// start (a faster machine may land it just after: an ordinary stop, 0 too). Without the fix: a trace and 134.
    /// </summary>
    /// <remarks>SIGTERM (Aspire's stop), not SIGINT: a runner started from a non-interactive shell's background job (CI
    /// scripts, this repo's agents) inherits SIGINT ignored, and so does the service; Ctrl+C takes the same path in the
    /// host (StopApplication), which the test above covers.</remarks>
    [Fact]
    public async Task SigtermWhileStarting_StopsQuietly_ExitsZero()
    {
        const int sigterm = 15;
        var (code, stdout, stderr) = await ServiceProcess.RunAsync("Bandit.Registry.dll", ["--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string> { ["Logging__LogLevel__Microsoft.Extensions.Hosting"] = "Debug" },
            signalAfter: ("Hosting starting", TimeSpan.FromMilliseconds(15), sigterm));

        Assert.Equal("", stderr);
        Assert.Equal(0, code);
        Assert.DoesNotContain("   at ", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stdout, StringComparison.Ordinal);
    }

    /// <summary>Runs first of all (lifecycle services' Starting before any StartAsync): asks for the stop, as on Ctrl+C.</summary>
    private sealed class StopOnStarting(IHostApplicationLifetime lifetime) : IHostedLifecycleService
    {
        public Task StartingAsync(CancellationToken cancellationToken)
        {
            lifetime.StopApplication();
            return Task.CompletedTask;
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
