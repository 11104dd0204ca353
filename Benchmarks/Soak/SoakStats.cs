using System.Globalization;
using System.Text.Json;

namespace Bandit.Benchmarks.Soak;

/// <summary>The Router's <c>GET /stats</c> reduced to what the soak compares: totals over the arms, the store mode and the outage buffer.</summary>
internal sealed record SoakStats(long Pulls, long Updates, double Rewards, long Failures, string Store, string Allocation, int Buffered)
{
    public static async Task<SoakStats?> TryReadAsync(HttpClient router, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await router.GetAsync("stats", cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = json.RootElement;
            long pulls = 0, updates = 0, failures = 0;
            double rewards = 0;
            foreach (var arm in root.GetProperty("arms").EnumerateArray())
            {
                pulls += arm.GetProperty("pulls").GetInt64();
                updates += arm.GetProperty("updates").GetInt64();
                rewards += arm.GetProperty("rewards").GetDouble();
                failures += arm.TryGetProperty("failures", out var f) ? f.GetInt64() : 0;
            }

            return new SoakStats(pulls, updates, rewards, failures, Text(root, "store", "available"), Text(root, "allocation", "posteriors"),
                root.TryGetProperty("buffered", out var b) && b.ValueKind == JsonValueKind.Number ? b.GetInt32() : 0);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"pulls {Pulls:N0}, updates {Updates:N0}, rewards {Rewards:N0}, failures {Failures:N0}, store {Store}, allocation {Allocation}, buffered {Buffered:N0}");

    private static string Text(JsonElement root, string name, string fallback) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : fallback;
}
