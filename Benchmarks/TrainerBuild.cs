using System.Diagnostics;

namespace Bandit.Benchmarks;

/// <summary>
/// The Trainer executable for <see cref="TrainerBench"/>: built in Release from the repository this benchmark was built
/// in (an incremental build, seconds when nothing changed), so the bench never times a stale Trainer and no project
/// references an executable.
/// </summary>
internal static class TrainerBuild
{
    private const string Project = "Trainer/Bandit.Trainer.csproj";

    public static async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        var root = RepositoryRoot();
        var project = Path.Combine(root, Project);
        Console.WriteLine($"trainer bench: building {Project} (Release, untimed)");
        var psi = new ProcessStartInfo("dotnet", ["build", project, "-c", "Release", "-nologo", "-v", "q", "-clp:ErrorsOnly"]) { UseShellExecute = false };
        using var build = Process.Start(psi) ?? throw new InvalidOperationException("dotnet build did not start");
        await build.WaitForExitAsync(cancellationToken);
        var dll = Path.Combine(root, "Trainer", "bin", "Release", "net10.0", "Bandit.Trainer.dll");
        return build.ExitCode == 0 && File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"building {Project} failed (exit code {build.ExitCode}) or left no {dll}");
    }

    /// <summary>The nearest folder above this benchmark's binaries that holds the Trainer's project.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, Project)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no {Project} above {AppContext.BaseDirectory}: run the benchmark from its repository");
    }
}
