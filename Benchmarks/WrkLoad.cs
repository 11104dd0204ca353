using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Bandit.Benchmarks;

/// <summary>What one or several <c>wrk</c> processes measured together.</summary>
internal sealed record WrkResult(long Requests, double RequestsPerSecond, double P50Ms, double P99Ms, long Errors, double CpuSeconds, double BusiestCpuSeconds);

/// <summary>
/// The load generator of <c>router-replicas</c>: <c>wrk</c> (C, one thread per process, <c>--latency</c>) with a Lua
/// script, one process per target so each Router replica gets its own share of connections. wrk runs under
/// <c>bash -c '…; times'</c>, whose last line is the CPU its children used: the load generator's own cost.
/// </summary>
internal static partial class WrkLoad
{
    /// <summary>POST /choose {userId: random 1..100000, k: 10}.</summary>
    public static readonly string ChooseScript = RecommendScript("/choose", maxUser: 100_000);

    /// <summary>POST <paramref name="path"/> {userId: random 1..<paramref name="maxUser"/>, k: 10}.</summary>
    public static string RecommendScript(string path, int maxUser) => $$"""
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
        math.randomseed(os.time())
        request = function()
          return wrk.format(nil, "{{path}}", nil, string.format('{"userId":%d,"k":10}', math.random(1, {{maxUser}})))
        end
        """;

    /// <summary>POST /update {decisionId, reward} for each decision id of the file, in order (then from the start again).</summary>
    public static string UpdateScript(string tokenFile) => $$"""
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
        local tokens = {}
        for line in io.lines("{{tokenFile}}") do tokens[#tokens + 1] = line end
        local i = 0
        request = function()
          i = i + 1
          if i > #tokens then i = 1 end
          return wrk.format(nil, "/update", nil, '{"decisionId":"' .. tokens[i] .. '","reward":' .. (i % 2) .. '}')
        end
        """;

    /// <summary>Runs one wrk per target at once, <paramref name="connections"/> split between them, with the script each names.</summary>
    public static async Task<WrkResult> RunAsync(IReadOnlyList<(Uri Target, string Script)> targets, int connections, int seconds, CancellationToken cancellationToken)
    {
        var runs = await Task.WhenAll(targets.Select((t, i) => RunOneAsync(t.Target, t.Script, connections / targets.Count + (i < connections % targets.Count ? 1 : 0), seconds, cancellationToken)));
        return new WrkResult(
            runs.Sum(r => r.Requests), runs.Sum(r => r.RequestsPerSecond), runs.Max(r => r.P50Ms), runs.Max(r => r.P99Ms),
            runs.Sum(r => r.Errors), runs.Sum(r => r.CpuSeconds), runs.Max(r => r.CpuSeconds));
    }

    private static async Task<WrkResult> RunOneAsync(Uri target, string script, int connections, int seconds, CancellationToken cancellationToken)
    {
        var scriptFile = Path.Combine(Path.GetTempPath(), $"router-replicas-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(scriptFile, script, cancellationToken);
        try
        {
            var psi = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add($"wrk -t1 -c{Math.Max(1, connections)} -d{seconds}s --latency -s '{scriptFile}' '{target.ToString().TrimEnd('/')}' && times");
            using var process = Process.Start(psi) ?? throw new InvalidOperationException("bash did not start");
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"wrk exited {process.ExitCode} (apt-get install wrk): {await error}{output}");
            }

            return Parse(output);
        }
        finally
        {
            File.Delete(scriptFile);
        }
    }

    /// <summary>Reads wrk's report ("N requests in …", "Requests/sec:", the 50% and 99% latency lines, errors) and bash's <c>times</c>.</summary>
    internal static WrkResult Parse(string output)
    {
        var requests = long.Parse(RequestsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var rps = double.Parse(RateLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = NonSuccessLine().Match(output) is { Success: true } n ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrorsLine().Match(output) is { Success: true } s
            ? s.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;

        // `times` prints the shell's user/system time, then its children's: "0m1.234s 0m0.567s".
        var children = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        var cpu = TimesValue().Matches(children).Sum(m => (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 60) + double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        return new WrkResult(requests, rps, Latency(output, "50"), Latency(output, "99"), non2xx + socket, cpu, cpu);
    }

    private static double Latency(string output, string percentile)
    {
        var m = Regex.Match(output, $@"^\s*{percentile}(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline);
        var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => value / 1000, "ms" => value, "s" => value * 1000, _ => value * 60_000 };
    }

    [GeneratedRegex(@"(\d+) requests in ")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RateLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccessLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();

    [GeneratedRegex(@"(\d+)m([\d.]+)s")]
    private static partial Regex TimesValue();
}
