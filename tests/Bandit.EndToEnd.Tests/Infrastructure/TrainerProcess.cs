using System.Diagnostics;
using Xunit.Abstractions;

namespace Bandit.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Runs the Trainer a second time, as a user would from a shell (<c>dotnet exec</c> of the dll the AppHost's build
/// left), against the running system's MLflow: the AppHost runs it once at start-up, and a test that needs another
/// registered version trains one itself.
/// </summary>
public static class TrainerProcess
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static async Task RunAsync(Uri trackingUri, string arguments, ITestOutputHelper output)
    {
        var root = RepoRoot();
        var dll = Path.Combine(root, "Trainer", "bin", Configuration, "net10.0", "Bandit.Trainer.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing; the AppHost's build should have produced it");

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.Combine(root, "Trainer"), RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--tracking-uri");
        start.ArgumentList.Add(trackingUri.ToString().TrimEnd('/'));
        foreach (var argument in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            output.WriteLine(await stdout);
            output.WriteLine(await stderr);
        }

        Assert.Equal(0, process.ExitCode);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bandit.Aspire.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root from " + AppContext.BaseDirectory);
    }
}
