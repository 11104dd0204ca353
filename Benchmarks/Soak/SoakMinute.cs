using System.Collections.Concurrent;
using System.Globalization;

namespace Bandit.Benchmarks.Soak;

/// <summary>What the clients saw in one minute of a soak run (thread-safe): answers by endpoint and status, latencies, the fault.</summary>
internal sealed class SoakMinute(int number)
{
    private readonly ConcurrentDictionary<string, int> _answers = new();
    private readonly ConcurrentBag<double> _chooseMs = [];
    private readonly ConcurrentBag<double> _updateMs = [];

    public int Number { get; } = number;

    public string Fault { get; set; } = "none";

    public SoakStats? StatsAtEnd { get; set; }

    /// <summary>Counts one answer: <paramref name="what"/> is e.g. <c>choose 200</c>, <c>update recorded</c>, <c>bad-input 400</c>.</summary>
    public void Count(string what) => _answers.AddOrUpdate(what, 1, (_, n) => n + 1);

    public void Choose(double ms) => _chooseMs.Add(ms);

    public void Update(double ms) => _updateMs.Add(ms);

    public int Requests => _answers.Values.Sum();

    public IReadOnlyDictionary<string, int> Answers => _answers;

    public static string Latency(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? "n=0" : string.Create(CultureInfo.InvariantCulture,
            $"n={sorted.Count:N0} p50 {RouterBenchSupport.Percentile(sorted, 0.5):F1} ms p99 {RouterBenchSupport.Percentile(sorted, 0.99):F1} ms");
    }

    public IEnumerable<double> ChooseMs => _chooseMs;

    public IEnumerable<double> UpdateMs => _updateMs;

    public string Describe() =>
        $"minute {Number}: fault {Fault}{Environment.NewLine}" +
        $"  requests {Requests:N0}; answers: {string.Join(", ", _answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} {a.Value:N0}"))}{Environment.NewLine}" +
        $"  /choose {Latency(_chooseMs)}; /update {Latency(_updateMs)}{Environment.NewLine}" +
        $"  /stats at the end of the minute: {StatsAtEnd?.ToString() ?? "unavailable"}";
}
