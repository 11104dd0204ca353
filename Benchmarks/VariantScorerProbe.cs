using System.Diagnostics;
using System.Globalization;
using Bandit.Mlflow;
using Bandit.Variants.Serving;

namespace Bandit.Benchmarks;

/// <summary>
/// The model's share of a request: the registered version downloaded and loaded as the service loads it, then
/// <c>TopK</c> for random users one after another on one thread, timed without HTTP.
/// </summary>
internal static class VariantScorerProbe
{
    public static async Task RunAsync(MlflowClient client, ModelVersion version, int k, int maxUser, int calls, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "bandit-variant-bench", "probe-" + Guid.NewGuid().ToString("N"));
        try
        {
            await client.DownloadModelAsync(ModelUri.ForVersion(version.Name, version.Version).ToString(), folder, cancellationToken);
            var (_, ranker, _, _) = ModelLoader.LoadFolder(folder);
            var random = new Random(5);
            for (var i = 0; i < 20; i++)
            {
                ranker.TopK(random.Next(1, maxUser + 1), k, exclude: null);
            }

            var latencies = new List<double>(calls);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++)
            {
                var start = Stopwatch.GetTimestamp();
                ranker.TopK(random.Next(1, maxUser + 1), k, exclude: null);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            var wall = clock.Elapsed;
            var cpuPerCall = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / calls;
            latencies.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {ranker.Engine} ranker alone ({calls} TopK calls, one thread): p50 {latencies[calls / 2]:F2} ms  p99 {latencies[(int)Math.Ceiling(0.99 * calls) - 1]:F2} ms  mean {wall.TotalMilliseconds / calls:F2} ms  CPU {cpuPerCall:F2} ms/call"));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
