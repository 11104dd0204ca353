using System.Diagnostics;
using System.Text;
using Bandit.Allocation;
using Bandit.MovieLens;
using Bandit.Replay.Cli;
using Bandit.Replay.Evaluation;
using Bandit.Replay.Http;
using Bandit.Replay.MovieLensReplay;
using Bandit.Replay.Reporting;
using Bandit.Replay.Simulation;

namespace Bandit.Replay;

/// <summary>
/// The command: synthetic Bernoulli comparisons, the MovieLens replay, off-policy and Li et al. estimates, then the
/// tables (stdout and <c>replay-results.md</c>) and the PNGs. Exit codes: 0 done, 1 failed, 2 bad command line.
/// </summary>
public static class ReplayApp
{
    /// <summary>The synthetic scenarios: a clear gap and a close pair.</summary>
    public static IReadOnlyList<double[]> SyntheticRates { get; } = [[0.05, 0.15], [0.10, 0.12]];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ReplayOptions? options;
        try
        {
            options = CommandLine.Parse(args);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync("error: " + e.Message);
            return 2;
        }

        if (options is null)
        {
            await output.WriteLineAsync(CommandLine.Usage);
            return 0;
        }

        try
        {
            var markdown = options.Router is null ? Run(options, error) : await RouterMode.RunAsync(options, error);
            await output.WriteAsync(markdown);
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or MovieLensFormatException or HttpRequestException)
        {
            await error.WriteLineAsync("error: " + e.Message);
            return 1;
        }
    }

    private static string Run(ReplayOptions options, TextWriter error)
    {
        var clock = Stopwatch.StartNew();
        void Progress(string message) => error.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] {message}");
        var plots = new List<string>();
        var md = new StringBuilder()
            .AppendLine("# Replay and bandit evaluation")
            .AppendLine()
            .AppendLine($"Machine: {MachineInfo.Describe()}. Command: `dotnet run -c Release --project Replay -- --seeds {options.Seeds} --horizon {options.Horizon} --refresh-every {options.RefreshEvery}" +
                        $"{(options.MaxArrivals is { } m ? $" --max-arrivals {m}" : "")}`.")
            .AppendLine();

        var synthetic = new List<(Comparison, IReadOnlyList<double>)>();
        var offPolicy = new List<OffPolicyRow>();
        string[] armNames = ["A", "B"];
        foreach (var rates in SyntheticRates)
        {
            var comparison = StrategyComparison.Run(new BernoulliEnvironment(rates, options.Horizon), options.Seeds, options.RefreshEvery, progress: Progress);
            synthetic.Add((comparison, rates));
            var slug = "synthetic-" + string.Join("-", rates.Select(p => ((int)Math.Round(p * 100)).ToString("00", System.Globalization.CultureInfo.InvariantCulture)));
            plots.Add(ReplayPlots.Regret(comparison, options.Output, slug));
            plots.Add(ReplayPlots.Share(comparison, options.Output, slug));
            plots.Add(ReplayPlots.ThompsonVsLaiRobbins(comparison, rates, options.Output, slug));
            offPolicy.AddRange(OffPolicyReport.Rows(comparison, [.. rates.Select((p, i) => $"{armNames[i]} (p={p})")], StrategyNames.Thompson, StrategyNames.Hash));
            md.AppendLine($"## Synthetic Bernoulli arms, p = {string.Join(" vs ", rates)}").AppendLine().AppendLine(Tables.Strategies(comparison, armNames));
        }

        md.AppendLine("## Thompson sampling against the Lai–Robbins lower bound, UCB1 against its finite-time bound").AppendLine()
            .AppendLine(Tables.Bounds(synthetic));

        if (!options.SyntheticOnly)
        {
            var folder = options.Data ?? DataLocator.DefaultFolder();
            Progress($"loading {folder}");
            var data = MovieLensLoader.Load(folder);
            var replay = MovieLensReplayBuilder.Build(data, options.ModelSeed, options.K, options.MaxArrivals, Progress);
            var environment = replay.ToEnvironment();
            var comparison = StrategyComparison.Run(environment, options.Seeds, options.RefreshEvery, progress: Progress);
            plots.Add(ReplayPlots.Regret(comparison, options.Output, "replay"));
            plots.Add(ReplayPlots.Share(comparison, options.Output, "replay"));
            offPolicy.InsertRange(0, OffPolicyReport.Rows(comparison, replay.ArmNames, StrategyNames.Thompson, StrategyNames.Hash));
            Progress("Li et al. replay estimates");
            var li = OffPolicyReport.Li(comparison, replay.ArmNames, options.Seeds, options.RefreshEvery);
            md.AppendLine($"## MovieLens replay (user-time split, held-out window, seed {options.ModelSeed})").AppendLine()
                .AppendLine(Tables.ReplayData(replay))
                .AppendLine(Tables.Strategies(comparison, replay.ArmNames))
                .AppendLine($"## Li et al. (2011) replay estimator on the MovieLens replay ({options.Seeds} uniform logs)").AppendLine()
                .AppendLine(Tables.Li(li));
        }

        md.AppendLine("## Off-policy evaluation from logged propensities (estimate from seed 1's log, 95% CI ±1.96 user-clustered SE; coverage over every seed's log)").AppendLine()
            .AppendLine(Tables.OffPolicy(offPolicy))
            .AppendLine("Plots: " + string.Join(", ", plots.Select(Path.GetFileName)) + ".")
            .AppendLine();
        Directory.CreateDirectory(options.Output);
        File.WriteAllText(Path.Combine(options.Output, "replay-results.md"), md.ToString());
        Progress($"wrote {Path.Combine(options.Output, "replay-results.md")} and {plots.Count} plots");
        return md.ToString();
    }
}
