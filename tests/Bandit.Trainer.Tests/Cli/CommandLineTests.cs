using Bandit.MovieLens.Features;
using Bandit.Trainer.Cli;
using Bandit.Training.Reporting;

namespace Bandit.Trainer.Tests.Cli;

public sealed class CommandLineTests
{
    private static readonly Func<string, string?> _noEnvironment = _ => null;

    [Fact]
    public void Parse_NoArguments_UsesDocumentedDefaults()
    {
        var result = CommandLine.Parse([], _noEnvironment);

        var options = Assert.IsType<TrainerOptions>(result.Options);
        Assert.Equal("ml-latest-small", options.Data);
        Assert.Equal(SplitKind.UserTime, options.Split);
        Assert.Equal(5, options.Folds);
        Assert.Equal(12345, options.Seed);
        Assert.Equal(new Uri("http://127.0.0.1:5000"), options.TrackingUri);
        Assert.False(options.Promote);
        Assert.Equal(1000, options.BootstrapResamples);
    }

    [Fact]
    public void Parse_EveryOption_IsRead()
    {
        var result = CommandLine.Parse(
            ["--data", "ml-100k", "--split", "global-time", "--folds=3", "--seed", "-7", "--tracking-uri", "http://10.0.0.5:5055", "--promote", "--bootstrap", "200", "--output", "out"],
            _noEnvironment);

        var options = Assert.IsType<TrainerOptions>(result.Options);
        Assert.Equal("ml-100k", options.Data);
        Assert.Equal(SplitKind.GlobalTime, options.Split);
        Assert.Equal(3, options.Folds);
        Assert.Equal(-7, options.Seed);
        Assert.Equal(new Uri("http://10.0.0.5:5055"), options.TrackingUri);
        Assert.True(options.Promote);
        Assert.Equal(200, options.BootstrapResamples);
        Assert.Equal("out", options.OutputDir);
    }

    [Fact]
    public void Parse_TrackingUriFromEnvironment_IsUsedWhenNoFlag()
    {
        var fromEnvironment = CommandLine.Parse([], key => key == "MLFLOW_TRACKING_URI" ? "http://mlflow:5000" : null);
        var flagWins = CommandLine.Parse(["--tracking-uri", "http://127.0.0.1:1234"], _ => "http://mlflow:5000");

        Assert.Equal(new Uri("http://mlflow:5000"), fromEnvironment.Options!.TrackingUri);
        Assert.Equal(new Uri("http://127.0.0.1:1234"), flagWins.Options!.TrackingUri);
    }

    [Fact]
    public void Parse_BadTrackingUriFromEnvironment_SaysWhereItCameFrom()
    {
        var result = CommandLine.Parse([], key => key == "MLFLOW_TRACKING_URI" ? "mlflow:5000" : null);

        Assert.Equal("tracking URI 'mlflow:5000' (from MLFLOW_TRACKING_URI) is not an absolute http(s) URL", result.Error);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Parse_Help_AsksForUsage(string flag)
    {
        var result = CommandLine.Parse(["--folds", "3", flag], _noEnvironment);

        Assert.True(result.ShowHelp);
        Assert.Null(result.Error);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "Unrecognized command or argument '--bogus'")]
    [InlineData(new[] { "--folds" }, "Required argument missing for option: '--folds'")]
    [InlineData(new[] { "--folds", "--seed", "1" }, "Unrecognized command or argument '1'; --folds expects an integer, got '--seed'")]
    [InlineData(new[] { "--folds", "abc" }, "--folds expects an integer, got 'abc'")]
    [InlineData(new[] { "--folds", "1" }, "--folds must be between 2 and 20, got 1")]
    [InlineData(new[] { "--bootstrap", "5" }, "--bootstrap must be between 10 and 100000, got 5")]
    [InlineData(new[] { "--split", "random" }, "unknown split 'random': expected user-time or global-time")]
    [InlineData(new[] { "--tracking-uri", "not a uri" }, "tracking URI 'not a uri' is not an absolute http(s) URL")]
    [InlineData(new[] { "--tracking-uri", "ftp://host" }, "tracking URI 'ftp://host' is not an absolute http(s) URL")]
    [InlineData(new[] { "--promote=yes" }, "Unrecognized command or argument 'yes'")]
    [InlineData(new[] { "--data", "/no/such/folder" }, "--data '/no/such/folder' is neither a known data set")]
    [InlineData(new[] { "--top-users", "-1" }, "--top-users must be between 0 and 10000, got -1")]
    [InlineData(new[] { "--arms", "PolicyA" }, "--arms expects alias=service pairs separated by commas, got 'PolicyA'")]
    [InlineData(new[] { "--arms", "PolicyA=variant-a,=variant-b" }, "--arms expects alias=service pairs")]
    [InlineData(new[] { "--arms", "PolicyA=variant-a,PolicyA=variant-b" }, "--arms: arms[1].name 'PolicyA' is a duplicate")]
    [InlineData(new[] { "--arms", "PolicyA=variant a" }, "--arms: arms[0].service 'variant a' must be 1-64 characters")]
    [InlineData(new[] { "--report-only" }, "--report-only needs --output <folder> (or an active MLflow run in MLFLOW_RUN_ID)")]
    [InlineData(new[] { "--seed", "abc" }, "--seed expects an integer, got 'abc'")]
    [InlineData(new[] { "--tracking-uri", "" }, "--tracking-uri is empty")]
    [InlineData(new[] { "--tracking-uri", " " }, "--tracking-uri is empty")]
    [InlineData(new[] { "--seed", "99999999999" }, "--seed expects an integer, got '99999999999'")]
    public void Parse_BadArgument_NamesTheProblem(string[] args, string expected)
    {
        var result = CommandLine.Parse(args, _noEnvironment);

        Assert.Null(result.Options);
        Assert.False(result.ShowHelp);
        Assert.StartsWith(expected, result.Error);
    }

    [Fact]
    public void Parse_Arms_InOrderEqualWeightsNameIsAlias_AbsentIsNull()
    {
        var arms = CommandLine.Parse(["--arms", "PolicyA=variant-a, PolicyB=variant-b,PolicyC=variant-c"], _noEnvironment).Options!.Arms;

        Assert.Equal(
            [new("PolicyA", "PolicyA", "variant-a", 1.0 / 3), new("PolicyB", "PolicyB", "variant-b", 1.0 / 3), new Bandit.Allocation.ArmConfig("PolicyC", "PolicyC", "variant-c", 1.0 / 3)],
            arms);
        Assert.Equal("PolicyA=variant-a,PolicyB=variant-b,PolicyC=variant-c", ArmList.Format(arms!));
        Assert.Null(CommandLine.Parse([], _noEnvironment).Options!.Arms);
    }

    [Fact]
    public void Parse_UnderMlflowRun_TakesTheProjectRunAndAllowsReportOnlyWithoutOutput()
    {
        var result = CommandLine.Parse(["--report-only", "--top-users", "0"], key => key == "MLFLOW_RUN_ID" ? "abc123" : null);

        Assert.True(result.Options!.ReportOnly);
        Assert.Equal("abc123", result.Options.ProjectRunId);
        Assert.Equal(0, result.Options.TopListUsers);
        Assert.Null(CommandLine.Parse([], _noEnvironment).Options!.ProjectRunId);
    }

    [Fact]
    public void Parse_DataFolderThatExists_IsAccepted()
    {
        var folder = Directory.CreateTempSubdirectory("trainer-cli-").FullName;
        try
        {
            var result = CommandLine.Parse(["--data", folder], _noEnvironment);

            Assert.Equal(folder, result.Options!.Data);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [Fact]
    public async Task RunAsync_BadArgument_ExitsTwoWithoutStarting()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await TrainerApp.RunAsync(["--folds", "0"], output, error);

        Assert.Equal(TrainerExitCodes.BadArgument, code);
        Assert.Contains("--folds must be between 2 and 20", error.ToString());
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task RunAsync_Help_PrintsUsageAndExitsZero()
    {
        var output = new StringWriter();

        var code = await TrainerApp.RunAsync(["--help"], output, new StringWriter());

        Assert.Equal(TrainerExitCodes.Done, code);
        Assert.Contains("Usage:", output.ToString());
        Assert.Contains("--tracking-uri", output.ToString());
    }

    [Fact]
    public async Task RunAsync_Help_ShowsNoDefaultTheOptionWouldRefuse()
    {
        var output = new StringWriter();

        await TrainerApp.RunAsync(["--help"], output, new StringWriter());

        // The split's default is named in its own spelling (user-time); the enum's name is no value --split takes.
        Assert.DoesNotContain("UserTime", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("user-time (default", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Version_AsksForTheVersionAndNothingElse()
    {
        var result = CommandLine.Parse(["--version"], _noEnvironment);

        Assert.True(result.ShowVersion);
        Assert.Null(result.Options);
        Assert.Null(result.Error);
        Assert.Matches(@"^\d+\.\d+\.\d+", CommandLine.Version);
    }

    /// <summary>The report is written after minutes of training: a folder it cannot go to is refused before that.</summary>
    [Fact]
    public async Task RunAsync_OutputNotAWritableFolder_ExitsTwoBeforeAnythingStarts()
    {
        var file = Path.GetTempFileName();
        try
        {
            foreach (var output in new[] { file, Path.Combine(file, "report") })
            {
                var stdout = new StringWriter();
                var stderr = new StringWriter();

                var code = await TrainerApp.RunAsync(["--report-only", "--output", output], stdout, stderr);

                Assert.Equal(TrainerExitCodes.BadArgument, code);
                Assert.Equal("", stdout.ToString());
                Assert.StartsWith($"[trainer] error: --output '{output}' is ", stderr.ToString());
                Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void OutputFolder_MissingFolder_IsCreatedAndAccepted()
    {
        var folder = Path.Combine(Path.GetTempPath(), "trainer-output-" + Guid.NewGuid().ToString("N"), "nested");
        try
        {
            Assert.Null(OutputFolder.Problem(folder));
            Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    /// <summary>The names the MLproject, bench/run-all.sh, the README and the AppHost pass: each is listed by --help.</summary>
    [Fact]
    public void Usage_ListsEveryOption()
    {
        string[] names = ["--data", "--split", "--folds", "--seed", "--tracking-uri", "--promote", "--bootstrap", "--output", "--top-users", "--report-only", "--help"];

        Assert.All(names, name => Assert.Matches($@"(?m)^\s+(-\S+, )*{name}\b", CommandLine.Usage));
    }

    [Fact]
    public async Task RunAsync_UnknownOption_ExitsTwoNamingIt()
    {
        var error = new StringWriter();

        var code = await TrainerApp.RunAsync(["--fold", "3"], new StringWriter(), error);

        Assert.Equal(TrainerExitCodes.BadArgument, code);
        Assert.Contains("'--fold'", error.ToString());
    }
}
