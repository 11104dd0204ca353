using System.Globalization;
using System.Text;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Replay.Evaluation;
using Bandit.Replay.MovieLensReplay;
using Bandit.Replay.Simulation;

namespace Bandit.Replay.Reporting;

/// <summary>The markdown tables printed and written to <c>replay-results.md</c>.</summary>
public static class Tables
{
    public static string ReplayData(ReplayData replay)
    {
        var ctr = replay.Ctr;
        var sb = new StringBuilder()
            .AppendLine("| data set | arrivals (user-day sessions) | users | k | " + string.Join(" | ", replay.ArmNames.Select(a => $"CTR {a}")) +
                        " | CTR 1st half of arrivals | CTR 2nd half | both click | neither | train s | rank s |")
            .AppendLine("|---|---|---|---|" + string.Concat(replay.ArmNames.Select(_ => "---|")) + "---|---|---|---|---|---|");
        var half = replay.Rewards.Length / 2;
        string Halves(IEnumerable<double[]> rows) =>
            string.Join(" / ", Enumerable.Range(0, replay.ArmNames.Count).Select(a => F4(rows.Average(r => r[a]))));
        var both = replay.Rewards.Count(r => r.All(x => x > 0));
        var neither = replay.Rewards.Count(r => r.All(x => x == 0));
        sb.AppendLine($"| {replay.DataSet} | {replay.Arrivals.Count:N0}{(replay.Arrivals.Count < replay.TotalArrivals ? $" of {replay.TotalArrivals:N0}" : "")} | " +
            $"{replay.Arrivals.Select(a => a.UserId).Distinct().Count()} | {replay.K} | " + string.Join(" | ", ctr.Select(F4)) +
            $" | {Halves(replay.Rewards.Take(half))} | {Halves(replay.Rewards.Skip(half))} | {both:N0} | {neither:N0} | {replay.TrainTime.TotalSeconds:0.0} | {replay.ScoreTime.TotalSeconds:0.0} |");
        return sb.ToString();
    }

    public static string Strategies(Comparison c)
    {
        var armNames = c.Environment.ArmNames;
        var seeds = c.Strategies.Count == 0 ? 0 : c.Strategies[0].Runs.Count;
        var sb = new StringBuilder()
            .AppendLine($"{c.Environment.Name}: T = {c.Environment.Horizon:N0} decisions, best fixed arm {armNames[c.BestArm]}, {seeds} seeds, snapshot rebuilt every {c.RefreshEvery} decisions; mean [p10, p90]")
            .AppendLine()
            .AppendLine($"| strategy | CTR | regret | share of best arm, last {RunMetrics.DefaultWindow} | share per arm ({string.Join(" / ", armNames)}), last {RunMetrics.DefaultWindow} | decisions to 90% of traffic on best arm | reached |")
            .AppendLine("|---|---|---|---|---|---|---|");
        foreach (var s in c.Strategies)
        {
            var ctr = s.Reward.Mean / c.Environment.Horizon;
            var share = s.Runs.Average(r => r.BestArmShare[^1]);
            var d90 = s.Reached90 == 0 ? "never" : Band(s.DecisionsTo90, "N0");
            var perArm = string.Join(" / ", Enumerable.Range(0, armNames.Count).Select(a => s.Logs.Average(l => ShareOfLast(l, a, RunMetrics.DefaultWindow)).ToString("P0", CultureInfo.InvariantCulture)));
            sb.AppendLine($"| {s.Strategy} | {F4(ctr)} | {Band(s.Regret, "0.0")} | {share:P1} | {perArm} | {d90} | {s.Reached90}/{s.Runs.Count} |");
        }

        return sb.ToString();
    }

    /// <summary>Seed by seed (the same seed is the same luck and, for the hash split, a salt): how often <paramref name="strategy"/>'s
    /// regret is at or below <paramref name="baseline"/>'s, and the median difference. Empty when either did not run.</summary>
    public static string PairedAgainst(Comparison c, string strategy, string baseline)
    {
        if (!c.Strategies.Any(s => s.Strategy == strategy) || !c.Strategies.Any(s => s.Strategy == baseline))
        {
            return "";
        }

        var mine = c[strategy].Runs.Select(r => r.FinalRegret).ToArray();
        var theirs = c[baseline].Runs.Select(r => r.FinalRegret).ToArray();
        var atOrBelow = mine.Zip(theirs).Count(p => p.First <= p.Second);
        var median = Percentiles.Of([.. mine.Zip(theirs).Select(p => p.First - p.Second)], 0.5);
        return $"{strategy} vs {baseline}, paired by seed: regret at or below {baseline}'s in **{atOrBelow} of {mine.Length}** seeds; " +
               $"median difference {median.ToString("0.0", CultureInfo.InvariantCulture)} clicks; median regret of {strategy} " +
               $"{Percentiles.Of(mine, 0.5).ToString("0.0", CultureInfo.InvariantCulture)} (negative = better than the best fixed arm).\n";
    }

    /// <summary>Discounted Thompson sampling at several half-lives against the hash split of the same seeds.</summary>
    public static string HalfLifeSweep(IReadOnlyList<(double HalfLife, StrategyResult Result)> rows, StrategyResult hash)
    {
        var sb = new StringBuilder()
            .AppendLine("| discounted Thompson, half-life (decisions) | CTR | regret | seeds with regret ≤ hash's | median regret |")
            .AppendLine("|---|---|---|---|---|");
        var horizon = hash.Logs.Count == 0 ? 1 : hash.Logs[0].Length;
        foreach (var (halfLife, result) in rows)
        {
            var wins = result.Runs.Zip(hash.Runs).Count(p => p.First.FinalRegret <= p.Second.FinalRegret);
            sb.AppendLine($"| {halfLife:0} | {F4(result.Reward.Mean / horizon)} | {Band(result.Regret, "0.0")} | {wins}/{result.Runs.Count} | " +
                          $"{Percentiles.Of([.. result.Runs.Select(r => r.FinalRegret)], 0.5).ToString("0.0", CultureInfo.InvariantCulture)} |");
        }

        return sb.ToString();
    }

    /// <summary>The contextual strategy with different contexts: CTR, regret, and how often it beats the best fixed arm and the hash split.</summary>
    public static string ContextAblation(IReadOnlyList<(string Context, StrategyResult Result)> rows, StrategyResult hash)
    {
        var sb = new StringBuilder()
            .AppendLine("| linear Thompson, context | CTR | regret | median regret | seeds with regret < 0 | seeds with regret ≤ hash's |")
            .AppendLine("|---|---|---|---|---|---|");
        var horizon = hash.Logs.Count == 0 ? 1 : hash.Logs[0].Length;
        foreach (var (context, result) in rows)
        {
            var regrets = result.Runs.Select(r => r.FinalRegret).ToArray();
            sb.AppendLine($"| {context} | {F4(result.Reward.Mean / horizon)} | {Band(result.Regret, "0.0")} | {Percentiles.Of(regrets, 0.5).ToString("0.0", CultureInfo.InvariantCulture)} | " +
                          $"{regrets.Count(r => r < 0)}/{regrets.Length} | {result.Runs.Zip(hash.Runs).Count(p => p.First.FinalRegret <= p.Second.FinalRegret)}/{regrets.Length} |");
        }

        return sb.ToString();
    }

    public static string Targets(IEnumerable<(string Target, string Measured, bool Met)> targets)
    {
        var sb = new StringBuilder()
            .AppendLine("| target | measured | met |")
            .AppendLine("|---|---|---|");
        foreach (var (target, measured, met) in targets)
        {
            sb.AppendLine($"| {target} | {measured} | {(met ? "yes" : "**no**")} |");
        }

        return sb.ToString();
    }

    public static string Bounds(IEnumerable<(Comparison Comparison, IReadOnlyList<double> Rates)> synthetic)
    {
        var sb = new StringBuilder()
            .AppendLine("| arms | T | Thompson regret | Lai–Robbins Σ Δ·ln T / KL | Thompson / LR | UCB1 regret | Auer et al. bound | hash regret | T·(p* − p̄) |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (c, rates) in synthetic)
        {
            var t = c.Environment.Horizon;
            var lr = LaiRobbins.Bound(rates, t);
            var thompson = c[StrategyNames.Thompson].Regret;
            // The hash split puts each new user on arm i with probability 1/K: expected regret T·(max p − mean p).
            var hashExpected = t * (rates.Max() - rates.Average());
            sb.AppendLine($"| {string.Join(" vs ", rates.Select(p => p.ToString("0.00", CultureInfo.InvariantCulture)))} | {t:N0} | {Band(thompson, "0.0")} | {lr:0.0} | " +
                $"{thompson.Mean / lr:0.00} | {Band(c[StrategyNames.Ucb1].Regret, "0.0")} | {LaiRobbins.Ucb1Bound(rates, t):0} | " +
                $"{Band(c[StrategyNames.Hash].Regret, "0.0")} | {hashExpected:0.0} |");
        }

        return sb.ToString();
    }

    private static double ShareOfLast(RunLog log, int arm, int window)
    {
        var from = Math.Max(0, log.Length - window);
        return log.Length == from ? 0 : (double)log.Arms[from..].Count(a => a == arm) / (log.Length - from);
    }

    public static string OffPolicy(IEnumerable<OffPolicyRow> rows)
    {
        var sb = new StringBuilder()
            .AppendLine("| environment | log | policy | true value | IPS [95% CI] | SNIPS [95% CI] | ESS | IPS CI covers truth | SNIPS CI covers truth |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            sb.AppendLine($"| {r.Environment} | {r.Log} | always {r.Target} | {F4(r.Truth)} | {Ci(r.Ips)} | {Ci(r.Snips)} | {r.Ips.EffectiveSampleSize:N0} | {r.IpsCoverage:P0} | {r.SnipsCoverage:P0} |");
        }

        return sb.ToString();
    }

    public static string Li(IEnumerable<LiRow> rows)
    {
        var sb = new StringBuilder()
            .AppendLine("| policy | full-information value | Li et al. replay estimate, mean [p10, p90] | events kept | within 2 SE |")
            .AppendLine("|---|---|---|---|---|");
        foreach (var r in rows)
        {
            sb.AppendLine($"| {r.Policy} | {F4(r.Truth)} | {Band(r.Estimate, "0.0000")} | {r.MeanMatched:N0} | {r.WithinTwoSe:P0} |");
        }

        return sb.ToString();
    }

    private static string Ci(OffPolicyEstimate e) => $"{F4(e.Value)} [{F4(e.Lower95)}, {F4(e.Upper95)}]";

    private static string Band(Spread s, string format) =>
        $"{s.Mean.ToString(format, CultureInfo.InvariantCulture)} [{s.P10.ToString(format, CultureInfo.InvariantCulture)}, {s.P90.ToString(format, CultureInfo.InvariantCulture)}]";

    private static string F4(double x) => double.IsFinite(x) ? x.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";
}
