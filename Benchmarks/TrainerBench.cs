using Bandit.TestSupport;
using System.Diagnostics;
using System.Globalization;
using Bandit.Mlflow;
using Bandit.MovieLens.Features;
using Bandit.Registry;
using Bandit.Trainer.Pipeline;
using TrainerCommandLine = Bandit.Trainer.Cli.CommandLine;

namespace Bandit.Benchmarks;

/// <summary>
/// The whole Trainer pipeline (default: ml-latest-small, 5 CV folds, 1000 bootstrap resamples) against the local
/// registry started in this process on a free loopback port with a temporary data folder, so every run trains and
/// registers (never the "nothing new" shortcut). Prints the Trainer's own progress, then each stage's time and the
/// total against the goal of 60 s on 2 cores. Extra arguments are the Trainer's (<c>trainer --folds 3</c>);
/// <c>--tracking-uri</c> is replaced by the local registry.
/// </summary>
public sealed class TrainerBench : IBench
{
    public const double GoalSeconds = 60;

    public string Name => "trainer";

    public string Description => "whole Trainer pipeline on ml-latest-small against a local registry, stage by stage (goal < 60 s on 2 cores)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var parsed = TrainerCommandLine.Parse(args);
        if (parsed.Options is not { } options)
        {
            Console.Error.WriteLine(parsed.ShowHelp ? TrainerCommandLine.Usage : $"trainer bench: {parsed.Error}");
            return 2;
        }

        await using var registry = new LocalRegistryServer();
        await registry.StartAsync(cancellationToken);
        using var http = new HttpClient { BaseAddress = registry.TrackingUri, Timeout = TimeSpan.FromMinutes(5) };
        var started = Stopwatch.GetTimestamp();
        var result = await new TrainerPipeline(new MlflowClient(http), Console.Out).RunAsync(options with { TrackingUri = registry.TrackingUri }, cancellationToken);
        var total = Stopwatch.GetElapsedTime(started);

        Console.WriteLine();
        Console.WriteLine($"trainer bench: {options.Data}, split {options.Split.CliName()}, {options.Folds} folds, {options.BootstrapResamples} resamples, seed {options.Seed}, " +
                          $"local registry at {registry.TrackingUri}, {Environment.ProcessorCount} cores");
        Console.WriteLine("stage            seconds");
        foreach (var stage in result.Timings)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stage.Number}. {stage.Name,-14} {stage.Elapsed.TotalSeconds,6:F2}"));
        }

        var verdict = total.TotalSeconds < GoalSeconds ? "met" : "MISSED";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total            {total.TotalSeconds,6:F2}   (goal < {GoalSeconds:F0} s: {verdict})"));
        MachineInfo.Summary($"trainer ({options.Data}, {options.Folds} folds, {options.BootstrapResamples} resamples)", string.Create(CultureInfo.InvariantCulture,
            $"total {total.TotalSeconds:F1} s (goal < {GoalSeconds:F0} s: {verdict}); {string.Join(", ", result.Timings.Select(s => $"{s.Name} {s.Elapsed.TotalSeconds:F1} s"))}"));
        return result.ExitCode;
    }
}
