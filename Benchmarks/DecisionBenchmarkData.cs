using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.MovieLens.Features;

namespace Bandit.Benchmarks;

/// <summary>Realistic experiments for the decision benchmarks: counters of a running test, a trained linear model.</summary>
internal static class DecisionBenchmarkData
{
    /// <summary>K arms (PolicyA, PolicyB, … as in the default config) with ~12,000 rewards each at CTRs 5–7%, and
    /// discounted sums of a one-hour half-life at ~5,000 decisions an hour.</summary>
    public static (RouterConfig Config, ArmStats[] Stats) Experiment(int arms)
    {
        var config = RouterConfig.Default with
        {
            Arms = [.. Enumerable.Range(0, arms).Select(i => new ArmConfig($"Policy{(char)('A' + i)}", $"Policy{(char)('A' + i)}", $"variant-{(char)('a' + i)}", 1.0))],
        };
        ArmStats[] stats = [.. config.Arms.Select((a, i) =>
        {
            var updates = 11_500 + (500 * i);
            var rate = 0.054 + (0.008 * i);
            return new ArmStats(a.Name, updates + 500, updates, Math.Round(updates * rate), 7_000, Math.Round(7_000 * rate));
        })];
        return (config, stats);
    }

    /// <summary>A linear Thompson snapshot of <see cref="UserContext"/>'s dimension, trained on 3,000 simulated decisions
    /// per arm, and 64 contexts to decide for.</summary>
    public static (PosteriorSnapshot Snapshot, double[][] Contexts) Linear(RouterConfig config, int seed)
    {
        var d = UserContext.Names.Count;
        var random = new Random(seed);
        double[] Context()
        {
            var x = new double[d];
            x[0] = 1;
            for (var k = 1; k < d - 1; k++)
            {
                x[k] = random.NextDouble() * 2 - 1;
            }

            return x;
        }

        var stats = config.Arms.Select(_ => new LinearArmStats(d)).ToArray();
        for (var a = 0; a < stats.Length; a++)
        {
            for (var n = 0; n < 3_000; n++)
            {
                var x = Context();
                stats[a].Add(x, random.NextDouble() < 0.25 + (0.05 * x[1] * (a % 2 == 0 ? 1 : -1)) ? 1 : 0);
            }
        }

        var snapshot = PosteriorSnapshot.Create(config.WithStrategy(StrategyNames.LinearThompson), linear: stats);
        return (snapshot, [.. Enumerable.Range(0, 64).Select(_ => Context())]);
    }

    /// <summary>A linear Thompson snapshot over the Router's context (<see cref="UserArmHistory.Context"/>: a bias and
    /// log(1 + misses), log(1 + hits) per arm, dimension 1 + 2K), trained on 3,000 simulated decisions per arm whose
    /// users had 0–5 misses and hits with each arm, and 64 such contexts to decide for.</summary>
    public static (PosteriorSnapshot Snapshot, double[][] Contexts) RouterLinear(RouterConfig config, int seed)
    {
        var k = config.Arms.Count;
        var random = new Random(seed);
        double[] Context() =>
            UserArmHistory.ContextFrom([.. Enumerable.Range(0, k).Select(_ => (long)random.Next(6))], [.. Enumerable.Range(0, k).Select(_ => (long)random.Next(6))]).Context();

        var d = UserArmHistory.ContextDimension(k);
        var stats = config.Arms.Select(_ => new LinearArmStats(d)).ToArray();
        for (var a = 0; a < k; a++)
        {
            for (var n = 0; n < 3_000; n++)
            {
                var x = Context();
                stats[a].Add(x, random.NextDouble() < 0.25 - (0.05 * x[1 + (2 * a)]) + (0.05 * x[2 + (2 * a)]) ? 1 : 0);
            }
        }

        var snapshot = PosteriorSnapshot.Create(config.WithStrategy(StrategyNames.LinearThompson), linear: stats);
        return (snapshot, [.. Enumerable.Range(0, 64).Select(_ => Context())]);
    }
}
