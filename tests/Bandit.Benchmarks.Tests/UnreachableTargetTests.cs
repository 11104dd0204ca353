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

    [Fact]
    public async Task ToolNotOnPath_NamesTheToolAndExitsOne()
    {
        var emptyPath = Directory.CreateTempSubdirectory("bandit-bench-empty-path-").FullName;
        try
        {
            var result = await BenchmarksTool.RunAsync(["update-throughput", "--seconds", "1"], new Dictionary<string, string> { ["PATH"] = emptyPath });

            Assert.True(result.ExitCode == 1, result.ToString());
            var line = Assert.Single(result.ErrorLines);
            Assert.StartsWith("update-throughput: error: ", line);
            Assert.Contains("'redis-server'", line);
            Assert.EndsWith("(is it installed and on PATH?)", line);
            BenchmarksTool.AssertNoStackTrace(result);
        }
        finally
        {
            Directory.Delete(emptyPath);
        }
    }
}
