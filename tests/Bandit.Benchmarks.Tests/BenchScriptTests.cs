using Bandit.Benchmarks.Tests.Support;

namespace Bandit.Benchmarks.Tests;

/// <summary>
/// bench/run-all.sh and bench/soak.sh refuse a bad argument first: exit 2 and one line naming it (with the usage), in
/// seconds, before any build or bench — the stand-in <c>dotnet</c> (<see cref="ScriptSandbox"/>) must never be called.
/// The good command lines beside them show the stand-ins do see a build, so the "never called" can fail.
/// </summary>
public sealed class BenchScriptTests : IDisposable
{
    private readonly ScriptSandbox _sandbox = new();

    [Theory]
    [InlineData("--soak abc", "--soak expects a whole number of minutes from 1 to 30, got 'abc'")]
    [InlineData("--soak -3", "got '-3'")]
    [InlineData("--soak 0", "got '0'")]
    [InlineData("--soak 31", "got '31'")]
    [InlineData("--soak 1.5", "got '1.5'")]
    [InlineData("--soak=x", "got 'x'")]
    [InlineData("--quick --soak --quick", "got '--quick'")]
    [InlineData("--soak", "--soak needs a number of minutes")]
    [InlineData("--bogus", "unknown option '--bogus'")]
    [InlineData("--soak 5 --seconds 0", "unknown option '--seconds'")]
    public async Task RunAll_BadArgument_IsRefusedAtOnceWithOneLine(string args, string expected)
    {
        var result = await _sandbox.RunAsync("run-all.sh", Split(args));

        AssertRefused(result, "run-all: ", expected);
    }

    [Theory]
    [InlineData("--minutes abc", "--minutes expects a whole number from 1 to 30, got 'abc'")]
    [InlineData("--minutes 0", "got '0'")]
    [InlineData("--minutes 31", "got '31'")]
    [InlineData("--minutes", "--minutes needs a value")]
    [InlineData("--clients -1", "--clients expects a whole number from 1 to 64, got '-1'")]
    [InlineData("--clients 65", "got '65'")]
    [InlineData("--think-ms x", "--think-ms expects a whole number of at least 0, got 'x'")]
    [InlineData("--think-ms 99999999999", "--think-ms expects a whole number from 0 to 2147483647")]
    [InlineData("--downtime=0", "--downtime expects a whole number of at least 1, got '0'")]
    [InlineData("--seconds 5", "unknown option '--seconds'")]
    [InlineData("--no-build --minutes abc", "got 'abc'")]
    public async Task Soak_BadArgument_IsRefusedBeforeTheBuildWithOneLine(string args, string expected)
    {
        var result = await _sandbox.RunAsync("soak.sh", Split(args));

        AssertRefused(result, "soak: ", expected);
    }

    [Fact]
    public async Task RunAll_GoodArguments_GoOnToTheBuild()
    {
        var result = await _sandbox.RunAsync("run-all.sh", "--quick", "--soak", "2");

        Assert.Equal(1, result.ExitCode); // the stand-in's build fails
        Assert.Contains(_sandbox.Calls, c => c.StartsWith("dotnet build Benchmarks -c Release", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Soak_GoodArguments_GoOnToTheBuildAndPassTheOptionsOn()
    {
        var built = await _sandbox.RunAsync("soak.sh", "--minutes", "2");
        var notBuilt = await _sandbox.RunAsync("soak.sh", "--minutes=02", "--no-build", "--clients", "3", "--think-ms", "0", "--downtime", "4");

        Assert.Equal(1, built.ExitCode);
        Assert.Equal(ScriptSandbox.StandInExitCode, notBuilt.ExitCode);
        Assert.Equal(
            ["dotnet build Benchmarks -c Release -nologo -v q -clp:ErrorsOnly",
             "dotnet Benchmarks/bin/Release/net10.0/Bandit.Benchmarks.dll soak --minutes 2 --clients 3 --think-ms 0 --downtime 4"],
            _sandbox.Calls);
    }

    [Theory]
    [InlineData("run-all.sh", "bench/run-all.sh --soak N")]
    [InlineData("soak.sh", "bench/soak.sh [--minutes 4]")]
    public async Task Help_PrintsTheUsageWithoutBuilding(string script, string expected)
    {
        var result = await _sandbox.RunAsync(script, "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(expected, result.Stdout);
        Assert.Empty(_sandbox.Calls);
    }

    public void Dispose() => _sandbox.Dispose();

    private void AssertRefused(ProcessResult result, string prefix, string expected)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.Stdout);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith(prefix, line);
        Assert.Contains(expected, line);
        Assert.Contains("usage: bench/", line);
        Assert.Empty(_sandbox.Calls);
        Assert.True(result.Elapsed < ProcessRun.QuickLimit, result.ToString());
    }

    private static string[] Split(string args) => args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
