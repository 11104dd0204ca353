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
    private readonly StartSpec _spec;

    private ChildProcess(string name, Process process, StreamWriter? log, StartSpec spec)
    {
        Name = name;
        _process = process;
        _log = log;
        _spec = spec;
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

    /// <summary>False to keep the children's lines off the console (they still go to their log files); the soak run uses it.</summary>
    public static bool EchoToConsole { get; set; } = true;

    /// <summary>When set, every output line is also passed here (tests read the services' output).</summary>
    public static Action<string, string>? LineObserver { get; set; }

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment, string? logFile) =>
        Start(new StartSpec(name, fileName, [.. arguments], workingDirectory, new Dictionary<string, string?>(environment), logFile), appendLog: false);

    /// <summary>Starts the same command again (arguments, environment, working directory), appending to the same log.</summary>
    public ChildProcess StartAgain() => Start(_spec, appendLog: true);

    /// <summary>Kills the process tree at once (SIGKILL: no clean shutdown, as a crash) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await Exited.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private static ChildProcess Start(StartSpec spec, bool appendLog)
    {
        var (name, fileName, arguments, workingDirectory, environment, logFile) = spec;
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
            log = new StreamWriter(logFile, append: appendLog) { AutoFlush = true };
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, log, spec);
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
        if (EchoToConsole)
        {
            Write(Name, line, _color);
        }
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

/// <summary>What a child was started with, so it can be started again.</summary>
internal sealed record StartSpec(string Name, string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory, IReadOnlyDictionary<string, string?> Environment, string? LogFile);

internal static partial class NativeMethods
{
    public const int SigTerm = 15;

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
