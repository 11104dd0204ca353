namespace Bandit.TestSupport;

/// <summary><c>redis-cli</c> (Debian package redis-tools, a dependency of redis-server) run as a process, for admin commands to one node.</summary>
public static class RedisCli
{
    /// <summary>Runs <c>redis-cli -h 127.0.0.1 -p PORT args…</c> and returns its standard output; throws on an error reply, a non-zero exit or after 30 s.</summary>
    public static Task<string> RunAsync(int port, params string[] args) =>
        RunAsync(["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. args]);

    /// <summary>Runs <c>redis-cli args…</c> (e.g. <c>--cluster create …</c>) and returns its standard output.</summary>
    public static async Task<string> RunAsync(string[] args)
    {
        var process = RedisTool.Start("redis-cli", args, drainOutput: false);
        using (process)
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                throw new TimeoutException($"redis-cli {string.Join(' ', args)} took over 30 s");
            }

            // redis-cli exits 0 after an error reply when its output is not a terminal; the reply then starts with the error code.
            var text = await output;
            if (process.ExitCode != 0 || text.StartsWith("ERR", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"redis-cli {string.Join(' ', args)} exited {process.ExitCode}: {await error}{text}");
            }

            return text;
        }
    }
}
