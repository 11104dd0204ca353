using System.Diagnostics;

namespace Bandit.Launcher;

/// <summary>
/// One service as a child process: its output goes to the console line by line behind its
/// resource name (and to a log file), and it is killed with its whole process tree on disposal.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly object ConsoleLock = new();
    private static readonly ConsoleColor[] Colors = [ConsoleColor.Cyan, ConsoleColor.Green, ConsoleColor.Yellow, ConsoleColor.Magenta, ConsoleColor.Blue, ConsoleColor.DarkCyan, ConsoleColor.DarkYellow];
    private static int _nextColor;

    private readonly Process _process;
    private readonly StreamWriter? _log;
    private readonly ConsoleColor _color;
    private readonly Queue<string> _tail = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(string name, Process process, StreamWriter? log)
    {
        Name = name;
        _process = process;
        _log = log;
        _color = Colors[Interlocked.Increment(ref _nextColor) % Colors.Length];
    }

    public string Name { get; }

    public int Id => _process.Id;

    /// <summary>Completes with the exit code when the process ends.</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>The last lines it printed, for error messages.</summary>
    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join(Environment.NewLine, _tail);
            }
        }
    }

    /// <summary>When set, every output line is also passed here (tests read the services' output).</summary>
    public static Action<string, string>? LineObserver { get; set; }

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment, string? logFile)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        StreamWriter? log = null;
        if (logFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
            log = new StreamWriter(logFile, append: false) { AutoFlush = true };
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, log);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Exited += (_, _) =>
        {
            // Let the output readers drain before reporting the exit.
            process.WaitForExit();
            child._exited.TrySetResult(process.ExitCode);
        };

        if (!process.Start())
        {
            throw new InvalidOperationException($"{name}: could not start {fileName}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > 40)
            {
                _tail.Dequeue();
            }
        }

        _log?.WriteLine(line);
        LineObserver?.Invoke(Name, line);
        Write(Name, line, _color);
    }

    /// <summary>Writes one line behind a name, coloured when the console is a terminal.</summary>
    public static void Write(string name, string line, ConsoleColor color = ConsoleColor.Gray)
    {
        lock (ConsoleLock)
        {
            if (!Console.IsOutputRedirected)
            {
                Console.ForegroundColor = color;
            }

            Console.Write($"[{name}] ");
            if (!Console.IsOutputRedirected)
            {
                Console.ResetColor();
            }

            Console.WriteLine(line);
        }
    }

    /// <summary>Stops the process: SIGTERM first so a service shuts down cleanly, then a kill of its whole tree.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
                {
                    _ = NativeMethods.Kill(_process.Id, NativeMethods.SigTerm);
                    await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(5)));
                }

                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                }

                await Exited.WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or not ours to kill any more.
        }
        finally
        {
            _process.Dispose();
            _log?.Dispose();
        }
    }
}

internal static partial class NativeMethods
{
    public const int SigTerm = 15;

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
