using System.Text;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.MovieLens;
using Bandit.Replay.Cli;
using Bandit.Replay.Evaluation;
using Bandit.Replay.MovieLensReplay;
using Bandit.Replay.Reporting;
using Bandit.Replay.Simulation;

namespace Bandit.Replay;

/// <summary>The sections of the replay command that run comparisons and collect plots and off-policy rows on the way.</summary>
internal sealed class ReplayReport(ReplayOptions options, Action<string> progress)
{
    public List<string> Plots { get; } = [];

    public List<OffPolicyRow> OffPolicy { get; } = [];

    /// <summary>The issue's targets as measured: (target, measured, met).</summary>
    public List<(string Target, string Measured, bool Met)> Targets { get; } = [];

    /// <summary>Every strategy on <paramref name="environment"/>, with its regret and share plots (and the Lai–Robbins one for stationary rates).</summary>
    public Comparison Compare(IRewardEnvironment environment, string slug, IReadOnlyList<double>? laiRobbins = null)
    {
        var comparison = StrategyComparison.Run(environment, options.Seeds, options.RefreshEvery, progress: progress, halfLife: options.HalfLife);
        Plots.Add(ReplayPlots.Regret(comparison, options.Output, slug));
        Plots.Add(ReplayPlots.Share(comparison, options.Output, slug));
        if (laiRobbins is not null)
        {
            Plots.Add(ReplayPlots.ThompsonVsLaiRobbins(comparison, laiRobbins, options.Output, slug));
            if (laiRobbins.Count == 2)
            {
                OffPolicy.AddRange(OffPolicyReport.Rows(comparison, [.. laiRobbins.Select((p, i) => $"{environment.ArmNames[i]} (p={p})")], StrategyNames.Thompson, StrategyNames.Hash));
            }
        }

        return comparison;
    }

    /// <summary>The MovieLens data set of <c>--data</c> (the repository's ml-latest-small by default).</summary>
    public MovieLensDataset LoadMovieLens()
    {
        var folder = options.Data ?? DataLocator.DefaultFolder();
        progress($"loading {folder}");
        return MovieLensLoader.Load(folder);
    }

    /// <summary>The MovieLens replay with 2 and with 3 arms (ranked once), the half-life sweep and the Li et al. estimates.</summary>
    public string MovieLens(MovieLensDataset data)
    {
        var replay = MovieLensReplayBuilder.Build(data, options.ModelSeed, options.K, options.MaxArrivals, progress, arms: ReplayPolicies.MaxArms);
        var md = new StringBuilder()
            .AppendLine($"## MovieLens replay (user-time split, held-out window, seed {options.ModelSeed})").AppendLine()
            .AppendLine(Tables.ReplayData(replay));
        Comparison? two = null;
        foreach (var arms in new[] { 2, ReplayPolicies.MaxArms })
        {
            var environment = replay.ToEnvironment(arms);
            var comparison = Compare(environment, $"replay-{arms}arms");
            two ??= comparison;
            AddMovieLensTargets(comparison, arms);
            md.AppendLine($"### {arms} arms: {string.Join(", ", environment.ArmNames)}").AppendLine()
                .AppendLine(Tables.Strategies(comparison))
                .AppendLine(Tables.PairedAgainst(comparison, StrategyNames.DiscountedThompson, StrategyNames.Hash))
                .AppendLine(Tables.PairedAgainst(comparison, StrategyNames.LinearThompson, StrategyNames.Hash))
                .AppendLine(ContextAblation(environment, comparison))
                .AppendLine(HalfLifeSweep(environment, comparison));
        }

        OffPolicy.InsertRange(0, OffPolicyReport.Rows(two!, replay.Take(2).ArmNames, StrategyNames.Thompson, StrategyNames.Hash));
        progress("Li et al. replay estimates");
        var li = OffPolicyReport.Li(two!, replay.Take(2).ArmNames, options.Seeds, options.RefreshEvery);
        md.AppendLine($"## Li et al. (2011) replay estimator on the 2-arm MovieLens replay ({options.Seeds} uniform logs)").AppendLine()
            .AppendLine(Tables.Li(li));
        return md.ToString();
    }

    /// <summary>Thompson over 3 synthetic arms: the median decisions until 90% of a 200-decision window is on the best arm.</summary>
    public void AddThreeArmTarget(Comparison comparison)
    {
        var runs = comparison[StrategyNames.Thompson].Runs;
        var reached = runs.Select(r => (double?)r.DecisionsTo90).Select(d => d ?? double.PositiveInfinity).ToArray();
        var median = Percentiles.Of(reached, 0.5);
        Targets.Add(($"{comparison.Environment.Name}: Thompson puts 90% of traffic on the best arm within 1,000 decisions",
            $"median {median:N0} decisions; {reached.Count(d => d <= 1_000)} of {runs.Count} seeds within 1,000; p10–p90 " +
            $"{Percentiles.Of(reached, 0.1):N0}–{Percentiles.Of(reached, 0.9):N0}", median <= 1_000));
    }

    /// <summary>Drifting pair: discounted Thompson's regret below stationary Thompson's.</summary>
    public void AddDriftTarget(Comparison comparison)
    {
        var wins = comparison[StrategyNames.DiscountedThompson].Runs.Zip(comparison[StrategyNames.Thompson].Runs).Count(p => p.First.FinalRegret < p.Second.FinalRegret);
        Targets.Add(($"{comparison.Environment.Name}: discounted Thompson beats stationary Thompson",
            $"regret {comparison[StrategyNames.DiscountedThompson].Regret.Mean:0.0} vs {comparison[StrategyNames.Thompson].Regret.Mean:0.0}; lower in {wins} of {comparison[StrategyNames.Thompson].Runs.Count} seeds",
            wins * 2 > comparison[StrategyNames.Thompson].Runs.Count && comparison[StrategyNames.DiscountedThompson].Regret.Mean < comparison[StrategyNames.Thompson].Regret.Mean));
    }

    private void AddMovieLensTargets(Comparison comparison, int arms)
    {
        var hash = comparison[StrategyNames.Hash].Runs;
        var discounted = comparison[StrategyNames.DiscountedThompson].Runs;
        var atOrBelow = discounted.Zip(hash).Count(p => p.First.FinalRegret <= p.Second.FinalRegret);
        Targets.Add(($"MovieLens, {arms} arms: discounted Thompson's regret ≤ the hash split's in ≥ 16 of 20 seeds",
            $"{atOrBelow} of {hash.Count} seeds (half-life {options.HalfLife:0} decisions; the sweep is in the section)", atOrBelow >= 16 * hash.Count / 20.0));
        var linear = comparison[StrategyNames.LinearThompson].Runs.Select(r => r.FinalRegret).ToArray();
        var median = Percentiles.Of(linear, 0.5);
        Targets.Add(($"MovieLens, {arms} arms: the contextual bandit beats the best single policy (median regret < 0)",
            $"median regret {median:0.0} (CTR {comparison[StrategyNames.LinearThompson].Reward.Mean / comparison.Environment.Horizon:0.0000} vs " +
            $"{OffPolicyReport.Truth(comparison.Environment, comparison.BestArm):0.0000} for always {comparison.Environment.ArmNames[comparison.BestArm]}); " +
            $"{linear.Count(r => r < 0)} of {linear.Length} seeds below 0", median < 0));
    }

    /// <summary>Linear Thompson sampling with the profile context alone and with the arm history alone (the Router's
    /// context), beside the full context (profile + arm history).</summary>
    private string ContextAblation(IRewardEnvironment environment, Comparison comparison)
    {
        var profile = StrategyComparison.Run(environment, options.Seeds, options.RefreshEvery, [StrategyNames.LinearThompson], progress,
            halfLife: options.HalfLife, contexts: ContextKind.Profile);
        var history = StrategyComparison.Run(environment, options.Seeds, options.RefreshEvery, [StrategyNames.LinearThompson], progress,
            halfLife: options.HalfLife, contexts: ContextKind.ArmHistory);
        return Tables.ContextAblation(
            [("profile only (" + string.Join(", ", Bandit.MovieLens.Features.UserContext.Names.Skip(1)) + ")", profile[StrategyNames.LinearThompson]),
             ("the user's misses and hits per arm only, and a bias (what the Router computes)", history[StrategyNames.LinearThompson]),
             ("profile + the user's misses and hits per arm", comparison[StrategyNames.LinearThompson])],
            comparison[StrategyNames.Hash]);
    }

    private string HalfLifeSweep(IRewardEnvironment environment, Comparison comparison)
    {
        var rows = new List<(double HalfLife, StrategyResult Result)>();
        foreach (var halfLife in Scenarios.HalfLifeSweep)
        {
            var sweep = halfLife == options.HalfLife
                ? comparison
                : StrategyComparison.Run(environment, options.Seeds, options.RefreshEvery, [StrategyNames.DiscountedThompson], progress, halfLife: halfLife);
            rows.Add((halfLife, sweep[StrategyNames.DiscountedThompson]));
        }

        return Tables.HalfLifeSweep(rows, comparison[StrategyNames.Hash]);
    }
}
