namespace Bandit.Replay.Tests;

public sealed class ReplayAppTests
{
    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ReplayApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--seeds", "zero")]
    [InlineData("--seeds", "0")]
    [InlineData("--horizon")]
    [InlineData("--k", "1000")]
    public async Task RunAsync_BadOption_ExitsTwoWithOneLine(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith("error: ", error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("Unrecognized command or argument '--bogus'", "--bogus")]
    [InlineData("--seeds: expected an integer from 1 to 1000, got 'zero'", "--seeds", "zero")]
    [InlineData("--router: expected an http(s) URL", "--router", "ftp://x")]
    public async Task RunAsync_BadOption_NamesIt(string expected, params string[] args)
    {
        var (_, _, error) = await RunAsync(args);

        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task RunAsync_Help_ListsOptionsAndExitsZero()
    {
        var (code, output, _) = await RunAsync("--help");

        Assert.Equal(0, code);
        foreach (var option in new[] { "--output", "--seeds", "--horizon", "--max-arrivals", "--refresh-every", "--half-life", "--synthetic-only" })
        {
            Assert.Contains(option, output);
        }
    }

    [Fact]
    public async Task RunAsync_SameOptionsTwice_PrintsTheSameTables()
    {
        // Runs go in parallel, but each is a pure function of its seed, so the figures must not depend on scheduling.
        var folder = Path.Combine(Path.GetTempPath(), "replay-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = await RunAsync("--synthetic-only", "--seeds", "3", "--horizon", "300", "--output", folder);
            var second = await RunAsync("--synthetic-only", "--seeds", "3", "--horizon", "300", "--output", folder);

            Assert.Equal(0, first.Code);
            Assert.Equal(first.Output, second.Output);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task RunAsync_SyntheticOnly_WritesTablesAndPlots()
    {
        var folder = Path.Combine(Path.GetTempPath(), "replay-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, output, error) = await RunAsync("--synthetic-only", "--seeds", "2", "--horizon", "400", "--output", folder);

            Assert.True(code == 0, error);
            Assert.Contains("| thompson |", output);
            Assert.Contains("Lai–Robbins", output);
            Assert.Equal(output, await File.ReadAllTextAsync(Path.Combine(folder, "replay-results.md")));
            Assert.Contains("| discounted_thompson |", output);
            Assert.Contains("bernoulli 0.05 vs 0.10 vs 0.15", output);
            Assert.Contains("drifting 0.05/0.15 → 0.15/0.05", output);
            // Three stationary scenarios × (regret, share, Lai–Robbins) + the drifting one × (regret, share).
            Assert.Equal(11, Directory.GetFiles(folder, "*.png").Length);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task RunAsync_Version_PrintsTheVersionAndRunsNothing()
    {
        var (code, output, error) = await RunAsync("--version");

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Matches(@"^\d+\.\d+\.\d+", output);
    }

    /// <summary>The MovieLens replay runs after the synthetic ones: a bad --data is found before them, not minutes later.</summary>
    [Fact]
    public async Task RunAsync_MissingDataFolder_FailsBeforeAnySimulation()
    {
        var folder = Path.Combine(Path.GetTempPath(), "replay-test-" + Guid.NewGuid().ToString("N"));
        var data = Path.Combine(folder, "no-such-data");
        try
        {
            var (code, output, error) = await RunAsync("--data", data, "--seeds", "1", "--horizon", "100", "--output", folder);

            Assert.Equal(1, code);
            Assert.Empty(output);
            Assert.EndsWith($"error: MovieLens folder '{data}' does not exist", error.TrimEnd());
            Assert.DoesNotContain("runs", error);
            Assert.Empty(Directory.GetFiles(folder, "*.png"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_OutputIsAFile_ExitsTwoWithOneLineBeforeAnySimulation()
    {
        var file = Path.GetTempFileName();
        try
        {
            var (code, output, error) = await RunAsync("--synthetic-only", "--seeds", "1", "--horizon", "100", "--output", file);

            Assert.Equal(2, code);
            Assert.Empty(output);
            Assert.Equal($"error: --output '{file}' is a file, not a folder", error.TrimEnd());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
