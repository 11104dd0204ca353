using System.Diagnostics;
using System.Net.Sockets;

namespace Bandit.TestSupport;

/// <summary>
/// The Redis command-line tools (<c>redis-server</c>, <c>redis-cli</c>) started as processes, with the package to install
/// named when one is missing, and the wait until a started server listens.
/// </summary>
internal static class RedisTool
{
    /// <summary>
    /// Starts <paramref name="tool"/> with <paramref name="args"/>, its output redirected. With <paramref name="drainOutput"/>
    /// the output is read and dropped (a server's log must not fill the pipe and block it); without, the caller reads it.
    /// </summary>
    public static Process Start(string tool, IEnumerable<string> args, bool drainOutput, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"{tool} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            var package = tool == "redis-server" ? "redis-server" : "redis-tools";
            throw new InvalidOperationException($"{tool} is not on PATH: install it (apt-get install {package}); .ci/run does.", e);
        }

        if (drainOutput)
        {
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        return process;
    }

    /// <summary>Waits (10 s at most) until <paramref name="server"/> accepts connections on <paramref name="port"/>; fails at once if it exits.</summary>
    public static async Task WaitListeningAsync(Process server, int port, string what, TimeSpan poll)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"{what} exited with {server.ExitCode} on port {port}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(poll);
            }
        }

        throw new TimeoutException($"{what} did not listen on {port} within 10 s");
    }
}
