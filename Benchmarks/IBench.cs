using System.CommandLine;

namespace Bandit.Benchmarks;

/// <summary>
/// A load benchmark that is not a BenchmarkDotNet micro-benchmark (HTTP loops, whole pipelines).
/// Every implementation is found by reflection and becomes a subcommand: <c>dotnet run -c Release --project Benchmarks -- NAME [options]</c>
/// (<see cref="BenchCommandLine"/>). It prints its own figures, and the machine it ran on, to standard output.
/// </summary>
public interface IBench
{
    /// <summary>The subcommand it is run by.</summary>
    string Name { get; }

    /// <summary>One line for the help.</summary>
    string Description { get; }

    /// <summary>Its options (<see cref="BenchOptions"/>), which <see cref="RunAsync"/> reads back from the parse result.</summary>
    IReadOnlyList<Option> Options { get; }

    /// <summary>
    /// True when arguments it does not declare are passed on (read from <see cref="ParseResult.UnmatchedTokens"/>),
    /// false when they are an error.
    /// </summary>
    bool PassesOnOtherArguments => false;

    /// <summary>
    /// The tools it starts from PATH (<see cref="BenchTools"/>) with these options; each is looked up before
    /// <see cref="RunAsync"/>, and a missing one ends the run at once with one line.
    /// </summary>
    IReadOnlyList<string> Tools(ParseResult options) => [];

    /// <summary>Runs with the parsed command line; returns the exit code.</summary>
    Task<int> RunAsync(ParseResult options, CancellationToken cancellationToken);
}
