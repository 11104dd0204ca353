namespace Bandit.Benchmarks;

/// <summary>
/// A load benchmark that is not a BenchmarkDotNet micro-benchmark (HTTP loops, whole pipelines).
/// Every implementation is found by reflection and run by name: <c>dotnet run -c Release --project Benchmarks -- NAME</c>.
/// It prints its own figures, and the machine it ran on, to standard output.
/// </summary>
public interface IBench
{
    /// <summary>The name it is run by on the command line.</summary>
    string Name { get; }

    /// <summary>One line for <c>--list</c>.</summary>
    string Description { get; }

    Task<int> RunAsync(string[] args, CancellationToken cancellationToken);
}
