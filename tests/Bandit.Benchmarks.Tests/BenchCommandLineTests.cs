using Bandit.Benchmarks.Tests.Support;

namespace Bandit.Benchmarks.Tests;

/// <summary>
/// Bandit.Benchmarks refuses a bad command line before a bench starts: exit 2, one <c>error:</c> line naming the
/// option (then the one-line hint), nothing on standard output (where a started bench prints the machine first).
/// </summary>
public sealed class BenchCommandLineTests
{
    private const string Hint = "(--help lists the benchmarks; NAME --help lists a benchmark's options)";

    [Theory]
    [InlineData("registry --seconds 0", "--seconds expects an integer of at least 1, got '0'")]
    [InlineData("registry --seconds abc", "--seconds expects an integer of at least 1, got 'abc'")]
    [InlineData("registry --seconds -1", "--seconds expects an integer of at least 1, got '-1'")]
    [InlineData("registry --clients -4", "--clients expects an integer of at least 1, got '-4'")]
    [InlineData("registry --warmup -1", "--warmup expects an integer of at least 0, got '-1'")]
    [InlineData("registry --tracking-uri ftp://host", "--tracking-uri expects an absolute http(s) URL, got 'ftp://host'")]
    [InlineData("registry --bogus", "Unrecognized command or argument '--bogus'")]
    [InlineData("no-such-bench", "Unrecognized command or argument 'no-such-bench'")]
    [InlineData("router-overhead --strategy nope", "--strategy expects one of hash, thompson")]
    [InlineData("variant --model nope", "--model expects one of ")]
    [InlineData("router-ab --a-dll no-such-router.dll", "--a-dll expects an existing file")]
    [InlineData("router-ab --b-dll /no/such/Bandit.Router.dll", "--b-dll expects an existing file")]
    [InlineData("router-ab --b NoEquals", "--b expects key=value, got 'NoEquals'")]
    [InlineData("router-replicas --replicas 1,0", "--replicas expects comma-separated integers of at least 1, got '1,0'")]
    [InlineData("router-floors --rounds 0", "--rounds expects an integer of at least 1, got '0'")]
    [InlineData("update-throughput --batch -1", "--batch expects an integer of at least 0, got '-1'")]
    [InlineData("update-cluster --decisions 1e6", "--decisions expects an integer of at least 1, got '1e6'")]
    [InlineData("soak --minutes 31", "--minutes expects an integer from 1 to 30, got '31'")]
    public async Task BadOption_ExitsTwoWithOneErrorLine(string args, string expected)
    {
        var result = await BenchmarksTool.RunAsync(args);

        AssertRefused(result, expected);
    }

    /// <summary>Every bench that is timed refuses a zero, a negative or a non-number for its seconds (one each, to stay quick).</summary>
    [Theory]
    [InlineData("router-ab", "0")]
    [InlineData("router-floors", "-5")]
    [InlineData("router-overhead", "abc")]
    [InlineData("router-replicas", "0")]
    [InlineData("update-throughput", "-5")]
    [InlineData("update-cluster", "abc")]
    [InlineData("variant", "0")]
    public async Task BadSeconds_EveryTimedBench_ExitsTwo(string bench, string seconds)
    {
        var result = await BenchmarksTool.RunAsync([bench, "--seconds", seconds]);

        AssertRefused(result, $"--seconds expects an integer of at least 1, got '{seconds}'");
    }

    /// <summary>BenchmarkDotNet says why it refuses its arguments but returns nothing: the exit code must say it too.</summary>
    [Theory]
    [InlineData("bdn --job nonsense")]
    [InlineData("bdn --no-such-option")]
    [InlineData("bdn --filter NoSuchBenchmark*")]
    public async Task Bdn_ArgumentsThatRunNothing_ExitTwo(string args)
    {
        var result = await BenchmarksTool.RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("bdn: BenchmarkDotNet ran no benchmark with", Assert.Single(result.ErrorLines));
        BenchmarksTool.AssertNoStackTrace(result);
    }

    [Fact]
    public async Task Bdn_List_ExitsZero()
    {
        var result = await BenchmarksTool.RunAsync("bdn --list flat");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("DecisionBenchmarks", result.Stdout);
    }

    private static void AssertRefused(ProcessResult result, string expected)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Equal(2, result.ErrorLines.Length);
        Assert.StartsWith("error: ", result.ErrorLines[0]);
        Assert.Contains(expected, result.ErrorLines[0]);
        Assert.Equal(Hint, result.ErrorLines[1]);
        BenchmarksTool.AssertNoStackTrace(result);
        Assert.True(result.Elapsed < ProcessRun.QuickLimit, result.ToString());
    }
}
