namespace Bandit.Benchmarks.Tests.Support;

/// <summary>
/// The bench/*.sh scripts copied into a temporary folder (they work from the folder above their own, so their run
/// folders land there, not in the repository), with stand-ins for <c>dotnet</c>, redis and wrk first on PATH. Each
/// stand-in appends its command line to <see cref="Calls"/> and fails with 97, so a test sees whether a script got as far
/// as a build or a bench without one ever running.
/// </summary>
public sealed class ScriptSandbox : IDisposable
{
    public const int StandInExitCode = 97;

    private static readonly string[] _tools = ["dotnet", "redis-server", "redis-cli", "redis-benchmark", "wrk"];

    private readonly string _root = Directory.CreateTempSubdirectory("bandit-bench-scripts-").FullName;

    public ScriptSandbox()
    {
        var bench = Directory.CreateDirectory(System.IO.Path.Combine(_root, "bench")).FullName;
        foreach (var script in Directory.GetFiles(System.IO.Path.Combine(RepositoryRoot.Path, "bench"), "*.sh"))
        {
            File.Copy(script, System.IO.Path.Combine(bench, System.IO.Path.GetFileName(script)));
        }

        var tools = Directory.CreateDirectory(System.IO.Path.Combine(_root, "stand-ins")).FullName;
        foreach (var tool in _tools)
        {
            var path = System.IO.Path.Combine(tools, tool);
            File.WriteAllText(path, $"#!/bin/sh\necho \"{tool} $*\" >> '{CallsFile}'\nexit {StandInExitCode}\n");
            if (!OperatingSystem.IsWindows()) // the scripts are bash: Linux (CI) or macOS
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        SearchPath = tools + ":" + Environment.GetEnvironmentVariable("PATH");
    }

    /// <summary>PATH with the stand-ins first.</summary>
    public string SearchPath { get; }

    /// <summary>The stand-ins' command lines so far, one a line ("dotnet build Benchmarks -c Release …").</summary>
    public string[] Calls => File.Exists(CallsFile) ? File.ReadAllLines(CallsFile) : [];

    private string CallsFile => System.IO.Path.Combine(_root, "calls.txt");

    /// <summary>Runs <c>bash bench/SCRIPT args</c> from the sandbox's root with the stand-ins on PATH.</summary>
    public Task<ProcessResult> RunAsync(string script, params string[] args) =>
        ProcessRun.RunAsync("bash", [System.IO.Path.Combine("bench", script), .. args], new Dictionary<string, string> { ["PATH"] = SearchPath }, _root);

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
