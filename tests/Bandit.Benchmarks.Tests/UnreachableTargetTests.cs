using Bandit.Benchmarks.Tests.Support;
using Bandit.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bandit.Benchmarks.Tests;

/// <summary>
/// A bench whose target does not answer, or whose tool is missing, ends with exit 1 and one line naming the address or
/// the tool and the cause — not an unhandled exception's stack trace.
/// </summary>
public sealed class UnreachableTargetTests
{
    [Fact]
    public async Task Registry_NothingListening_NamesTheAddressAndExitsOne()
    {
        var uri = $"http://127.0.0.1:{FreePort.Next()}";

        var result = await BenchmarksTool.RunAsync(["registry", "--seconds", "1", "--warmup", "0", "--tracking-uri", uri]);

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"registry bench: the registry at {uri}/ is unreachable: ", line);
        Assert.Contains("Connection refused", line);
        BenchmarksTool.AssertNoStackTrace(result);
        Assert.True(result.Elapsed < ProcessRun.QuickLimit, result.ToString());
    }

    [Fact]
    public async Task Registry_NotAnMlflowServer_SaysWhatItAnsweredOnOneLine()
    {
        await using var server = await LoopbackApp.StartAsync(app => app.MapFallback(() =>
            Results.Content("<html>\n  <body>not MLflow</body>\n</html>\n", "text/html", statusCode: StatusCodes.Status404NotFound)));
        var uri = LoopbackApp.Address(server);

        var result = await BenchmarksTool.RunAsync(["registry", "--seconds", "1", "--tracking-uri", uri]);

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"registry bench: the registry at {uri}/ answered with an error: ", line);
        Assert.Contains("404", line);
        Assert.Contains("not MLflow", line);
        BenchmarksTool.AssertNoStackTrace(result);
    }

    /// <summary>
    /// The tools are looked up before anything starts: router-ab, for one, otherwise trained and published a model and
    /// started a registry and a variant before it found redis-server missing (and wrk after that).
    /// </summary>
    [Theory]
    [InlineData("update-throughput --seconds 1", "update-throughput: error: redis-server, redis-benchmark not on PATH (apt-get install redis-server redis-tools)")]
    [InlineData("router-ab --seconds 1", "router-ab: error: redis-server, wrk not on PATH (apt-get install redis-server wrk)")]
    [InlineData("variant --seconds 1 --wrk", "variant: error: wrk not on PATH (apt-get install wrk)")]
    [InlineData("update-cluster --seconds 1", "update-cluster: error: redis-server, redis-cli not on PATH (apt-get install redis-server redis-tools)")]
    public async Task ToolsNotOnPath_AreNamedAtOnceWithExitOne(string args, string expected)
    {
        var emptyPath = Directory.CreateTempSubdirectory("bandit-bench-empty-path-").FullName;
        try
        {
            var result = await BenchmarksTool.RunAsync(args.Split(' '), new Dictionary<string, string> { ["PATH"] = emptyPath });

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Equal(expected, Assert.Single(result.ErrorLines));
            Assert.Equal("", result.Stdout); // refused before the bench printed its machine line
            Assert.True(result.Elapsed < ProcessRun.QuickLimit, result.ToString());
        }
        finally
        {
            Directory.Delete(emptyPath);
        }
    }
}
