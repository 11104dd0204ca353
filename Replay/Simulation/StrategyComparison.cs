using Bandit.Allocation;
using Bandit.Contracts;

namespace Bandit.Replay.Simulation;

/// <summary>One strategy over many seeds: the logs, the per-run metrics and their summaries.</summary>
public sealed record StrategyResult(string Strategy, IReadOnlyList<RunLog> Logs, IReadOnlyList<RunMetrics> Runs)
{
    public Spread Regret => Spread.Of([.. Runs.Select(r => r.FinalRegret)]);

    public Spread Reward => Spread.Of([.. Runs.Select(r => r.TotalReward)]);

    /// <summary>Decisions to 90% over the runs that got there (NaNs when none did).</summary>
    public Spread DecisionsTo90 => Spread.Of([.. Runs.Where(r => r.DecisionsTo90 is not null).Select(r => (double)r.DecisionsTo90!.Value)]);

    public int Reached90 => Runs.Count(r => r.DecisionsTo90 is not null);

    /// <summary>Mean, 10th and 90th percentile of a per-step series over the runs, at every step.</summary>
    public (double[] Mean, double[] P10, double[] P90) Band(Func<RunMetrics, double[]> series)
    {
        var length = Runs.Count == 0 ? 0 : series(Runs[0]).Length;
        var (mean, p10, p90) = (new double[length], new double[length], new double[length]);
        var column = new double[Runs.Count];
        for (var t = 0; t < length; t++)
        {
            for (var r = 0; r < Runs.Count; r++)
            {
                column[r] = series(Runs[r])[t];
            }

            var s = Spread.Of(column);
            (mean[t], p10[t], p90[t]) = (s.Mean, s.P10, s.P90);
        }

        return (mean, p10, p90);
    }
}

/// <summary>A comparison of every strategy on one environment.</summary>
public sealed record Comparison(IRewardEnvironment Environment, int BestArm, int RefreshEvery, IReadOnlyList<StrategyResult> Strategies,
    double HalfLife = BanditSimulator.DefaultHalfLife)
{
    public StrategyResult this[string strategy] => Strategies.First(s => s.Strategy == strategy);
}

/// <summary>
/// Runs every strategy over seeds 1…n (runs in parallel; each run is deterministic in its seed): by default every
/// non-contextual one, and the contextual one too when the environment has contexts.
/// </summary>
public static class StrategyComparison
{
    /// <summary>The strategies that can run on <paramref name="environment"/>.</summary>
    public static IReadOnlyList<string> StrategiesFor(IRewardEnvironment environment) =>
        environment.ContextDimension > 0 ? StrategyNames.All : StrategyNames.NonContextual;

    public static Comparison Run(IRewardEnvironment environment, int seeds, int refreshEvery, IReadOnlyList<string>? strategies = null,
        Action<string>? progress = null, int window = RunMetrics.DefaultWindow, double halfLife = BanditSimulator.DefaultHalfLife,
        ContextKind contexts = ContextKind.ProfileAndArmHistory)
    {
        var names = strategies ?? StrategiesFor(environment);
        var best = RunMetrics.BestArm(environment);
        var work = names.SelectMany(n => Enumerable.Range(1, seeds).Select(s => (Strategy: n, Seed: s))).ToArray();
        var logs = new RunLog[work.Length];
        var done = 0;
        Parallel.For(0, work.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var (name, seed) = work[i];
            logs[i] = BanditSimulator.Run(AllocationStrategies.Get(name), BanditSimulator.ConfigFor(name, seed, environment.ArmNames, halfLife), environment, seed, refreshEvery, contexts);
            var n = Interlocked.Increment(ref done);
            if (n % seeds == 0)
            {
                progress?.Invoke($"{environment.Name}: {n}/{work.Length} runs");
            }
        });
        var results = names.Select(n =>
        {
            var mine = logs.Where(l => l.Strategy == n).OrderBy(l => l.Seed).ToArray();
            return new StrategyResult(n, mine, [.. mine.Select(l => RunMetrics.Of(l, environment, best, window))]);
        }).ToArray();
        return new Comparison(environment, best, refreshEvery, results, halfLife);
    }
}
