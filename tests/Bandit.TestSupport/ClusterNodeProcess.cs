using System.Diagnostics;
using System.Globalization;

namespace Bandit.TestSupport;

/// <summary>One <c>redis-server --cluster-enabled yes</c> process of a <see cref="RedisCluster"/>, in its own folder.</summary>
internal sealed class ClusterNodeProcess : IDisposable
{
    private readonly Process _process;

    private ClusterNodeProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public bool IsRunning => !_process.HasExited;

    /// <summary>
    /// Starts a node on <paramref name="port"/> with its cluster bus on <paramref name="busPort"/> (the default, port + 10000,
    /// may be past 65535 for an ephemeral port). <c>cluster-node-timeout</c> is 3 s: short enough for a test, long enough
    /// that a node starved of CPU on a busy machine is not voted out.
    /// </summary>
    public static ClusterNodeProcess Start(string root, int port, int busPort)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, port.ToString(CultureInfo.InvariantCulture))).FullName;
        string[] args =
        [
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", dir,
            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-port", busPort.ToString(CultureInfo.InvariantCulture),
            "--cluster-node-timeout", "3000", "--save", "", "--appendonly", "no",
        ];
        return new ClusterNodeProcess(RedisTool.Start("redis-server", args, drainOutput: true, dir), port);
    }

    public Task WaitListeningAsync() => RedisTool.WaitListeningAsync(_process, Port, "redis-server (cluster node)", TimeSpan.FromMilliseconds(25));

    /// <summary>SIGKILL: a crash, as far as clients and the other nodes can tell.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
