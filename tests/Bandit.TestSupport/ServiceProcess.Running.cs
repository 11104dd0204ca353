using System.Diagnostics;
using System.Text;

namespace Bandit.TestSupport;

// A long-running service run as a user runs it, watched until a line shows up (or a bound passes), then killed.
public static partial class ServiceProcess
{
    /// <summary>
    /// Runs <paramref name="dll"/> until a line of its output (stdout or stderr) satisfies <paramref name="until"/> or
    /// <paramref name="within"/> passes, kills it, and returns everything it wrote (stdout and stderr interleaved as they
    /// came) and whether the line was seen.
    /// </summary>
    public static async Task<(bool Seen, string Output)> RunUntilAsync(
        string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment, Func<string, bool> until, TimeSpan within)
    {
        var workDir = Directory.CreateTempSubdirectory("service-run-").FullName;
        var output = new StringBuilder();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (until(e.Data))
            {
                seen.TrySetResult();
            }
        }

        try
        {
            using var process = new Process { StartInfo = StartInfo(dll, args, environment, workDir) };
            process.OutputDataReceived += OnLine;
            process.ErrorDataReceived += OnLine;
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await Task.WhenAny(seen.Task, process.WaitForExitAsync(), Task.Delay(within));
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(); // and for the output already written
            lock (output)
            {
                return (seen.Task.IsCompleted, output.ToString());
            }
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }
    }
}
