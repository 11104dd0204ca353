using System.Diagnostics;
using System.Globalization;

namespace Bandit.Trainer.Pipeline;

/// <summary>How long one stage took.</summary>
public sealed record StageTiming(int Number, string Name, TimeSpan Elapsed);

/// <summary>
/// Progress on standard output: one line per stage with its elapsed time
/// (<c>[trainer] 4/9 features: 80,419 train / 20,417 test rows … in 1.9 s</c>) and indented detail lines.
/// </summary>
public sealed class StageReporter(TextWriter output, int totalStages)
{
    private readonly List<StageTiming> _timings = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<StageTiming> Timings => _timings;

    public int TotalStages { get; } = totalStages;

    /// <summary>Runs one stage and prints <c>n/N name: summary in x s</c>.</summary>
    public async Task<T> RunAsync<T>(string name, Func<Task<T>> work, Func<T, string> summary)
    {
        var number = _timings.Count + 1;
        using var activity = TrainerTelemetry.Source.StartActivity("trainer " + name);
        activity?.SetTag("trainer.stage", number);
        var started = Stopwatch.GetTimestamp();
        var result = await work();
        var elapsed = Stopwatch.GetElapsedTime(started);
        var text = summary(result);
        activity?.SetTag("trainer.summary", text);
        _timings.Add(new StageTiming(number, name, elapsed));
        Write(string.Create(CultureInfo.InvariantCulture, $"[trainer] {number}/{TotalStages} {name}: {text} in {Seconds(elapsed)}"));
        return result;
    }

    public Task<T> Run<T>(string name, Func<T> work, Func<T, string> summary) => RunAsync(name, () => Task.FromResult(work()), summary);

    /// <summary>A detail line under the current stage (thread-safe: parallel work may report).</summary>
    public void Detail(string line) => Write("[trainer]     " + line);

    public static string Seconds(TimeSpan elapsed) => Bandit.Training.PolicyTraining.Seconds(elapsed);

    private void Write(string line)
    {
        lock (_lock)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
