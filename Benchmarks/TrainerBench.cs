using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Bandit.TestSupport;

namespace Bandit.Benchmarks;

/// <summary>
/// The whole Trainer job (default: ml-latest-small, 5 CV folds, 1000 bootstrap resamples) run as its own process, as
/// the AppHost runs it, against the local registry started in this process on a free loopback port with a temporary
/// data folder, so every run trains and registers (never the "nothing new" shortcut). The Trainer is an executable, so
/// it is built (untimed) and launched rather than referenced. Prints the Trainer's own progress, then each stage's time
/// (read from its <c>[trainer] n/N stage: … in x s</c> lines) and the total against the goal of 60 s on 2 cores. Extra
/// arguments are the Trainer's (<c>trainer --folds 3</c>); <c>--tracking-uri</c> is set to the local registry.
/// </summary>
public sealed partial class TrainerBench : IBench
{
    public const double GoalSeconds = 60;

    public string Name => "trainer";

    public string Description => "whole Trainer job (its own process) on ml-latest-small against a local registry, stage by stage (goal < 60 s on 2 cores); "
        + "other arguments are the Trainer's (e.g. --folds 3; dotnet run --project Trainer -- --help lists them)";

    public IReadOnlyList<Option> Options => [];

    public bool PassesOnOtherArguments => true;

    public async Task<int> RunAsync(ParseResult options, CancellationToken cancellationToken)
    {
        string[] args = [.. options.UnmatchedTokens];
        if (args.Any(a => a == "--tracking-uri" || a.StartsWith("--tracking-uri=", StringComparison.Ordinal)))
        {
            Console.Error.WriteLine("trainer bench: --tracking-uri is set by the bench (a local registry); leave it out.");
            return 2;
        }

        var dll = await TrainerBuild.EnsureAsync(cancellationToken);
        await using var registry = new LocalRegistryServer();
        await registry.StartAsync(cancellationToken);
        var stages = new List<(int Number, string Name, double Seconds)>();
        var started = Stopwatch.GetTimestamp();
        var exitCode = await RunTrainerAsync(dll, [.. args, "--tracking-uri", registry.TrackingUri.ToString()], stages, cancellationToken);
        var total = Stopwatch.GetElapsedTime(started);

        var shown = args.Length == 0 ? "defaults" : string.Join(' ', args);
        Console.WriteLine();
        Console.WriteLine($"trainer bench: Trainer {shown}, local registry at {registry.TrackingUri}, {Environment.ProcessorCount} cores, exit code {exitCode}");
        Console.WriteLine("stage            seconds");
        foreach (var stage in stages)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stage.Number}. {stage.Name,-14} {stage.Seconds,6:F2}"));
        }

        // The total includes the process's start (a fraction of a second), which a job started by the AppHost pays too.
        // A Trainer that failed (a bad argument ends it in a fraction of a second) did not do the job being timed.
        var verdict = exitCode != 0 ? $"not measured, the Trainer exited with {exitCode}" : total.TotalSeconds < GoalSeconds ? "met" : "MISSED";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total            {total.TotalSeconds,6:F2}   (goal < {GoalSeconds:F0} s: {verdict})"));
        MachineInfo.Summary($"trainer ({shown})", string.Create(CultureInfo.InvariantCulture,
            $"total {total.TotalSeconds:F1} s (goal < {GoalSeconds:F0} s: {verdict}); {string.Join(", ", stages.Select(s => $"{s.Name} {s.Seconds:F1} s"))}"));
        return exitCode;
    }

    private static async Task<int> RunTrainerAsync(string dll, IEnumerable<string> args, List<(int, string, double)> stages, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("dotnet Bandit.Trainer.dll did not start");
        process.OutputDataReceived += (_, e) => OnLine(e.Data, stages);
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        process.WaitForExit(); // the output events are all delivered after this one returns
        return process.ExitCode;
    }

    private static void OnLine(string? line, List<(int, string, double)> stages)
    {
        if (line is null)
        {
            return;
        }

        Console.WriteLine(line);
        if (StageLine().Match(line) is { Success: true } m)
        {
            lock (stages)
            {
                stages.Add((int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value,
                    double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)));
            }
        }
    }

    /// <summary>The Trainer's stage line (Trainer/Pipeline/StageReporter): <c>[trainer] 4/9 features: … in 1.9 s</c>.</summary>
    [GeneratedRegex(@"^\[trainer\] (\d+)/\d+ ([^:]+): .* in ([0-9.]+) s$", RegexOptions.CultureInvariant)]
    private static partial Regex StageLine();
}
