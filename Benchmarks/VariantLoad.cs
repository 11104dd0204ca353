using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Bandit.Benchmarks;

/// <summary>Latencies and errors of one load run.</summary>
internal sealed record VariantLoadResult(List<double> LatenciesMs, int Errors, string? FirstError, TimeSpan Elapsed)
{
    public double Throughput => LatenciesMs.Count / Elapsed.TotalSeconds;

    /// <summary>The nearest-rank percentile (sorts the list on first use).</summary>
    public double Percentile(double p)
    {
        if (LatenciesMs.Count == 0)
        {
            return double.NaN;
        }

        LatenciesMs.Sort();
        return LatenciesMs[Math.Min(LatenciesMs.Count - 1, (int)Math.Ceiling(p * LatenciesMs.Count) - 1)];
    }
}

/// <summary>
/// A closed-loop load generator: <c>clients</c> concurrent callers, each sending <c>POST /recommend {userId, k}</c>
/// back to back for a fixed time, with users drawn uniformly from 1..<c>maxUser</c> (ml-latest-small has 610 users,
/// so ids above are cold starts) by a seeded generator per caller.
/// </summary>
internal static class VariantLoad
{
    public static async Task<VariantLoadResult> RunAsync(HttpClient http, int clients, int k, int maxUser, TimeSpan duration, CancellationToken cancellationToken)
    {
        var errors = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var perClient = await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(1000 + client);
            var latencies = new List<double>(50_000);
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var body = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"userId\":{random.Next(1, maxUser + 1)},\"k\":{k}}}"));
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.PostAsync("/recommend", content, cancellationToken);
                    var text = await response.Content.ReadAsStringAsync(cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                    else
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, $"{(int)response.StatusCode}: {text}", null);
                    }
                }
                catch (HttpRequestException e)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
            }

            return latencies;
        }, cancellationToken)));
        return new VariantLoadResult(perClient.SelectMany(l => l).ToList(), errors, firstError, clock.Elapsed);
    }
}
