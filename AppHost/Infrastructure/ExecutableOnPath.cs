namespace Aspire.Hosting;

/// <summary>Finds a program on PATH, as a shell would: the first executable file of that name in a PATH folder. The
/// AppHost asks it which infrastructure form to run; the benchmarks ask it for the tools they start.</summary>
public static class ExecutableOnPath
{
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(IsExecutable);

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
