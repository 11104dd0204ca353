using System.Diagnostics;
using StackExchange.Redis;
using Xunit;

namespace Bandit.TestSupport;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, started for a test class or collection and killed when
/// disposed. By default with no persistence (a restart comes back empty); with <see cref="Persistent"/> it keeps an
/// append-only file fsynced on every write in its own temporary folder, so a kill and restart keeps every
/// acknowledged write, like a production Redis. Tests fail (they are not skipped) when <c>redis-server</c> is not on
/// PATH: <c>.ci/run</c> installs it.
/// </summary>
public sealed class RedisServer : IAsyncLifetime, IDisposable
{
    private Process? _process;
    private string? _dataDir;

    public int Port { get; private set; }

    /// <summary>Keep data across <see cref="Stop"/> and <see cref="StartAsync"/>: <c>--appendonly yes --appendfsync always --dir &lt;temp&gt;</c>.</summary>
    public bool Persistent { get; init; }

    /// <summary>When set, the server requires it (<c>--requirepass</c>) and <see cref="ConnectionString"/> carries it.</summary>
    public string? Password { get; init; }

    /// <summary>A StackExchange.Redis connection string, as <c>ConnectionStrings:redis</c> holds it.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false" + (Password is null ? "" : $",password={Password}");

    public Task InitializeAsync() => StartAsync();

    /// <summary>Starts the server (again, after <see cref="Stop"/>) on the same port.</summary>
    public async Task StartAsync()
    {
        if (Port == 0)
        {
            Port = FreePort.Next();
        }

        var args = new List<string> { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--protected-mode", "yes" };
        if (Persistent)
        {
            _dataDir ??= Directory.CreateTempSubdirectory("redis-test-").FullName;
            args.AddRange(["--appendonly", "yes", "--appendfsync", "always", "--dir", _dataDir]);
        }
        else
        {
            args.AddRange(["--appendonly", "no"]);
        }

        if (Password is not null)
        {
            args.AddRange(["--requirepass", Password]);
        }

        _process = RedisTool.Start("redis-server", args, drainOutput: true);
        await RedisTool.WaitListeningAsync(_process, Port, "redis-server", TimeSpan.FromMilliseconds(50));
    }

    /// <summary>Kills the server (a crash, as far as clients can tell).</summary>
    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>A fresh connection to this server.</summary>
    public Task<ConnectionMultiplexer> ConnectAsync() => ConnectionMultiplexer.ConnectAsync(ConnectionString);

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Stop();
        if (_dataDir is { } dir && Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        _dataDir = null;
    }
}
