using System.Diagnostics;
using System.Text;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.MovieLens;
using Bandit.Replay.Cli;
using Bandit.Replay.Evaluation;
using Bandit.Replay.Http;
using Bandit.Replay.MovieLensReplay;
using Bandit.Replay.Reporting;
using Bandit.Training.Reporting;
using Bandit.Replay.Simulation;

namespace Bandit.Replay;

/// <summary>
/// The command: synthetic Bernoulli comparisons (2 and 3 arms), the drifting pair, the MovieLens replay with 2 and 3
/// arms, off-policy and Li et al. estimates, then the tables (stdout and <c>replay-results.md</c>) and the PNGs.
/// Exit codes: 0 done, 1 failed, 2 bad command line.
/// </summary>
public static class ReplayApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (CommandLine.AsksForVersion(args))
        {
            await output.WriteAsync(CommandLine.Version);
            return 0;
        }

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

        // Checked before the simulations: the tables are written after minutes of them.
        if (!options.AutoPromotion && OutputFolder.Problem(options.Output) is { } problem)
        {
            await error.WriteLineAsync($"error: --output {problem}");
            return 2;
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
        if (options.AutoPromotion)
        {
            return $"# Auto-promotion\n\nMachine: {MachineDescription.Describe()}. Command: `dotnet run -c Release --project Replay -- --auto-promotion --seeds {options.Seeds} --horizon {options.Horizon}`.\n\n"
                + AutoPromotionReport.Markdown(options.Seeds, options.Horizon, Progress);
        }

        var report = new ReplayReport(options, Progress);

        // Loaded first: a missing or broken data folder used to surface only after minutes of synthetic runs.
        var data = options.SyntheticOnly ? null : report.LoadMovieLens();
        var md = new StringBuilder()
            .AppendLine("# Replay and bandit evaluation")
            .AppendLine()
            .AppendLine($"Machine: {MachineDescription.Describe()}. Command: `dotnet run -c Release --project Replay -- --seeds {options.Seeds} --horizon {options.Horizon} --refresh-every {options.RefreshEvery}" +
                        $" --half-life {options.HalfLife}{(options.MaxArrivals is { } m ? $" --max-arrivals {m}" : "")}`. Discounted Thompson sampling's half-life is " +
                        $"{options.HalfLife:0} decisions (the simulation clock advances one second per decision).")
            .AppendLine();

        var synthetic = new List<(Comparison, IReadOnlyList<double>)>();
        foreach (var rates in Scenarios.StationaryRates)
        {
            var comparison = report.Compare(new BernoulliEnvironment(rates, options.Horizon), "synthetic-" + Scenarios.Slug(rates), laiRobbins: rates);
            synthetic.Add((comparison, rates));
            if (rates.Length == 3)
            {
                report.AddThreeArmTarget(comparison);
            }

            md.AppendLine($"## Synthetic Bernoulli arms, p = {string.Join(" vs ", rates)}").AppendLine().AppendLine(Tables.Strategies(comparison));
        }

        md.AppendLine("## Thompson sampling against the Lai–Robbins lower bound, UCB1 against its finite-time bound").AppendLine()
            .AppendLine(Tables.Bounds(synthetic));

        var drifting = report.Compare(Scenarios.Drifting(options.Horizon), "drifting");
        report.AddDriftTarget(drifting);
        md.AppendLine($"## Drifting arms: p = 0.05 vs 0.15, swapped after {options.Horizon / 2:N0} decisions").AppendLine()
            .AppendLine("Share = share of the arm that is best at that moment. No arm is better over the whole horizon (regret is against arm A, the first of two equal ones).").AppendLine()
            .AppendLine(Tables.Strategies(drifting))
            .AppendLine(Tables.PairedAgainst(drifting, StrategyNames.DiscountedThompson, StrategyNames.Thompson));

        if (!options.SyntheticOnly)
        {
            md.Append(report.MovieLens(data!));
        }

        md.AppendLine("## The targets of issue 19, as measured").AppendLine()
            .AppendLine(Tables.Targets(report.Targets));

        md.AppendLine("## Off-policy evaluation from logged propensities (estimate from seed 1's log, 95% CI ±1.96 user-clustered SE; coverage over every seed's log)").AppendLine()
            .AppendLine(Tables.OffPolicy(report.OffPolicy))
            .AppendLine("Plots: " + string.Join(", ", report.Plots.Select(Path.GetFileName)) + ".")
            .AppendLine();
        Directory.CreateDirectory(options.Output);
        File.WriteAllText(Path.Combine(options.Output, "replay-results.md"), md.ToString());
        Progress($"wrote {Path.Combine(options.Output, "replay-results.md")} and {report.Plots.Count} plots");
        return md.ToString();
    }
}
