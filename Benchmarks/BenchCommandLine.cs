using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Bandit.Training.Reporting;

namespace Bandit.Benchmarks;

/// <summary>
/// The benchmark tool's command line (System.CommandLine): one subcommand per <see cref="IBench"/>, named and described by
/// it and taking its options, plus <c>bdn</c>, which hands every argument after it to BenchmarkDotNet. <c>--help</c> (or
/// <c>--list</c>, as the README has it) lists the subcommands; <c>NAME --help</c> a bench's options with their defaults.
/// Exit codes: the bench's own (1, with one line, when a registry it was pointed at does not answer); 1, with one line,
/// when a tool it starts is not on PATH; 2 for a bad command line (or none); 130 when a bench is stopped with Ctrl+C / SIGINT.
/// </summary>
internal static class BenchCommandLine
{
    /// <summary>The bench could not run or measure: a tool it needs is missing, a server it needs did not answer.</summary>
    public const int Failed = 1;

    public const int BadArguments = 2;

    /// <summary>128 + SIGINT, what a shell reports for a process stopped by Ctrl+C.</summary>
    public const int Stopped = 130;

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = Build(FindBenches()).Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {ConsoleText.OneLine(error.Message)}");
            }

            await Console.Error.WriteLineAsync("(--help lists the benchmarks; NAME --help lists a benchmark's options)");
            return BadArguments;
        }

        // Ctrl+C is handled per bench (RunBenchAsync), not by System.CommandLine: its handler returns after a timeout,
        // possibly before a bench has stopped the processes it started (redis-server, Routers, variants).
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    public static RootCommand Build(IEnumerable<IBench> benches)
    {
        var list = new Option<bool>("--list") { Arity = ArgumentArity.Zero, Description = "list the benchmarks (the same as --help)" };
        var root = new RootCommand("Bandit.Benchmarks: BenchmarkDotNet micro-benchmarks (bdn) and load benchmarks, one subcommand each.") { list, Bdn() };
        foreach (var bench in benches)
        {
            root.Add(Command(bench));
        }

        // No subcommand: the list, and exit 2 unless it was asked for.
        root.SetAction(parsed =>
        {
            new HelpAction().Invoke(parsed);
            return parsed.GetValue(list) ? 0 : BadArguments;
        });
        return root;
    }

    /// <summary>Every <see cref="IBench"/> in this assembly, by name.</summary>
    public static IEnumerable<IBench> FindBenches() => typeof(IBench).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IBench).IsAssignableFrom(t))
        .Select(t => (IBench)Activator.CreateInstance(t)!)
        .OrderBy(b => b.Name, StringComparer.Ordinal);

    private static Command Bdn()
    {
        var bdn = new Command("bdn", "BenchmarkDotNet micro-benchmarks; every argument after bdn is BenchmarkDotNet's "
            + "(e.g. bdn --filter '*Decision*' --job short, bdn --list flat)")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        bdn.SetAction(parsed =>
        {
            Console.WriteLine(MachineInfo.Describe());
            string[] args = [.. parsed.UnmatchedTokens];
            var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchCommandLine).Assembly).Run(args).ToList();
            return BdnExitCode(args, summaries);
        });
        return bdn;
    }

    /// <summary>
    /// BenchmarkDotNet prints why it ran nothing (arguments it refuses, a filter that matches nothing) but returns no
    /// code: no summary where benchmarks were asked for is a bad command line (2), a benchmark that failed or did not
    /// validate a failure (1). Listing or help runs nothing and is fine.
    /// </summary>
    private static int BdnExitCode(string[] args, List<Summary> summaries)
    {
        if (summaries.Count == 0)
        {
            if (args.Any(a => a is "--list" or "--info" or "--help" or "-h" or "--version" || a.StartsWith("--list=", StringComparison.Ordinal)))
            {
                return 0;
            }

            Console.Error.WriteLine($"bdn: BenchmarkDotNet ran no benchmark with '{string.Join(' ', args)}' (its reason is above)");
            return BadArguments;
        }

        var failed = summaries.Where(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)).Select(s => s.Title).ToList();
        if (failed.Count > 0)
        {
            Console.Error.WriteLine($"bdn: failed or did not validate: {string.Join(", ", failed)}");
            return Failed;
        }

        return 0;
    }

    private static Command Command(IBench bench)
    {
        var command = new Command(bench.Name, bench.Description) { TreatUnmatchedTokensAsErrors = !bench.PassesOnOtherArguments };
        foreach (var option in bench.Options)
        {
            command.Add(option);
        }

        command.SetAction((parsed, _) => RunBenchAsync(bench, parsed));
        return command;
    }

    private static async Task<int> RunBenchAsync(IBench bench, ParseResult parsed)
    {
        if (BenchTools.Missing(bench.Tools(parsed)) is { Count: > 0 } missing)
        {
            await Console.Error.WriteLineAsync($"{bench.Name}: error: {string.Join(", ", missing)} not on PATH ({BenchTools.InstallHint(missing)})");
            return Failed;
        }

        Console.WriteLine(MachineInfo.Describe());
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await bench.RunAsync(parsed, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"{bench.Name}: stopped (Ctrl+C / SIGINT)");
            return Stopped;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
