using System.Diagnostics;
using System.Globalization;

namespace Bandit.Benchmarks;

/// <summary>
/// A second opinion from <c>wrk</c> (apt-get install wrk), when it is on PATH: the same request mix (random users
/// 1..maxUser, k) through a Lua script, <c>--latency</c> for its percentiles. Its output is printed as is.
/// </summary>
internal static class VariantWrk
{
    public static async Task RunAsync(Uri address, int connections, int k, int maxUser, int seconds, CancellationToken cancellationToken)
    {
        var script = Path.Combine(Path.GetTempPath(), $"variant-bench-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, string.Create(CultureInfo.InvariantCulture, $$"""
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            math.randomseed(7)
            request = function()
              return wrk.format(nil, "/recommend", nil, string.format('{"userId":%d,"k":{{k}}}', math.random(1, {{maxUser}})))
            end
            """), cancellationToken);
        try
        {
            var psi = new ProcessStartInfo("wrk") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "-t2", $"-c{connections}", $"-d{seconds}s", "--latency", "-s", script, address.ToString().TrimEnd('/') })
            {
                psi.ArgumentList.Add(arg);
            }

            using var process = Process.Start(psi)!;
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            Console.WriteLine($"  wrk -t2 -c{connections} -d{seconds}s --latency:");
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Console.WriteLine("    " + line.TrimEnd());
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.WriteLine("  wrk is not on PATH (apt-get install wrk): no second opinion");
        }
        finally
        {
            File.Delete(script);
        }
    }
}
