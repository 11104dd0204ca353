using System.CommandLine;
using System.Globalization;
using System.CommandLine.Help;
using Bandit.Mlflow;
using Bandit.MovieLens;
using Bandit.MovieLens.Features;
using Bandit.Training.Reporting;

namespace Bandit.Trainer.Cli;

/// <summary>The outcome of parsing: options to run with, a request for help or the version, or a message naming the bad argument.</summary>
public sealed record ParseResult(TrainerOptions? Options, bool ShowHelp, string? Error, bool ShowVersion = false);

/// <summary>
/// The Trainer's command line, parsed by System.CommandLine (<c>--name value</c> or <c>--name=value</c>; its help
/// text is <c>--help</c>). The option names are part of the contract: the MLproject, bench/run-all.sh, the README and
/// the AppHost's <c>Trainer:Args</c> pass them.
/// </summary>
public static class CommandLine
{
    public const int MaxFolds = 20;
    public const int MaxTopListUsers = 10_000;

    /// <summary>What <c>mlflow run</c> sets to the run it created for the entry point.</summary>
    public const string ProjectRunIdKey = "MLFLOW_RUN_ID";

    private const string Description = """
        Trains Policy A (logistic regression), Policy B (LightGBM) and Policy C (field-aware factorization machine)
        CTR models on MovieLens, evaluates them offline on two time-respecting splits, logs runs to MLflow experiment
        'movielens_ctr_ab' and registers the models (aliases PolicyA, PolicyB, PolicyC) and the router config
        (movielens_ctr_router@router).

        Exit codes: 0 done (or nothing new to register), 2 bad argument or data, 3 MLflow unreachable or failed,
        1 any other failure. Under `mlflow run` (MLFLOW_RUN_ID set) the runs it creates are children of that run.
        """;

    private static readonly Option<string> Data = new("--data")
    {
        HelpName = "name|folder",
        Description = "ml-latest-small (default, shipped), ml-100k, ml-1m (downloaded and cached) or a folder holding a MovieLens data set",
        DefaultValueFactory = _ => MovieLensDataSets.LatestSmall,
    };

    private static readonly Option<SplitKind> Split = new("--split")
    {
        HelpName = "user-time|global-time",
        Description = "user-time (default: each user's newest 20% held out) or global-time (newest 20% of all ratings); both are evaluated, this one is registered",
        // No DefaultValueFactory: --help would print the enum's name ("[default: UserTime]"), which --split refuses; the
        // description names the default in the option's own spelling, and Options() applies it.
        CustomParser = result => Parsed(result, Splitter.ParseKind),
    };

    private static readonly Option<int> Folds = Ranged(new("--folds") { HelpName = "k", Description = $"folds of the user-grouped cross-validation, 2-{MaxFolds}", DefaultValueFactory = _ => TrainerOptions.DefaultFolds }, 2, MaxFolds);

    private static readonly Option<int> Seed = Ranged(new("--seed") { HelpName = "n", Description = "seed of folds, models and bootstrap", DefaultValueFactory = _ => TrainingSetBuilder.DefaultSeed }, int.MinValue, int.MaxValue);

    private static readonly Option<string?> TrackingUri = new("--tracking-uri") { HelpName = "uri", Description = $"MLflow server (default: {MlflowServiceCollectionExtensions.TrackingUriKey}, else {MlflowServiceCollectionExtensions.DefaultTrackingUri})" };

    private static readonly Option<bool> Promote = new("--promote") { Arity = ArgumentArity.Zero, Description = "move the PolicyA/PolicyB/PolicyC aliases to this run's versions (without it, aliases are only set when they do not exist yet)" };

    private static readonly Option<int> Bootstrap = Ranged(new("--bootstrap") { HelpName = "n", Description = "paired bootstrap resamples, 10-100000", DefaultValueFactory = _ => TrainerOptions.DefaultBootstrapResamples }, 10, 100_000);

    private static readonly Option<string?> Output = new("--output") { HelpName = "folder", Description = "keep plots, report.md and model folders here (default: a temp folder)" };

    private static readonly Option<int> TopUsers = Ranged(new("--top-users")
    {
        HelpName = "n",
        Description = $"test users whose top-10 lists give coverage and personalisation, 0-{MaxTopListUsers} (0 = skip: ranking the catalogue costs ~0.2 s CPU per user)",
        DefaultValueFactory = _ => Evaluation.TopLists.DefaultSampleSize,
    }, 0, MaxTopListUsers);

    private static readonly Option<bool> ReportOnly = new("--report-only")
    {
        Arity = ArgumentArity.Zero,
        Description = "train, evaluate and write the report; register nothing and need no MLflow, except under `mlflow run` (MLFLOW_RUN_ID set): then the report, plots and metrics are logged into that run. Without MLFLOW_RUN_ID it needs --output.",
    };

    private static readonly Option<string?> Arms = new("--arms")
    {
        HelpName = "list",
        Description = "the router config's arms, alias=service pairs separated by commas (the AppHost passes its arms); an arm's name is its alias. "
            + "A live config with another arm set gets a new version with these arms; without it a live config is left alone",
    };

    private static readonly RootCommand Root = new(Description) { Data, Split, Folds, Seed, TrackingUri, Promote, Bootstrap, Output, TopUsers, ReportOnly, Arms };

    /// <summary>The help text, as <c>--help</c> prints it.</summary>
    public static string Usage { get; } = HelpText();

    /// <summary>The version line, as <c>--version</c> (listed by <c>--help</c>) prints it.</summary>
    public static string Version { get; } = Invoked("--version");

    /// <param name="args">The command line.</param>
    /// <param name="environment">Reads an environment variable (<c>MLFLOW_TRACKING_URI</c>); null = the process's.</param>
    public static ParseResult Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var parsed = Root.Parse(args);
        if (parsed.Action is HelpAction)
        {
            return new ParseResult(null, true, null);
        }

        if (parsed.Errors.Count > 0)
        {
            return new ParseResult(null, false, string.Join("; ", parsed.Errors.Select(e => e.Message.TrimEnd('.'))));
        }

        // --help lists --version: without this, it was ignored and the whole job ran (trained and registered).
        if (BuiltInOptions.AsksForVersion(Root, parsed))
        {
            return new ParseResult(null, false, null, ShowVersion: true);
        }

        var options = new TrainerOptions
        {
            Data = parsed.GetValue(Data)!,
            Split = parsed.GetResult(Split) is null ? SplitKind.UserTime : parsed.GetValue(Split),
            Folds = parsed.GetValue(Folds),
            Seed = parsed.GetValue(Seed),
            Promote = parsed.GetValue(Promote),
            BootstrapResamples = parsed.GetValue(Bootstrap),
            OutputDir = parsed.GetValue(Output),
            TopListUsers = parsed.GetValue(TopUsers),
            ReportOnly = parsed.GetValue(ReportOnly),
        };
        if (parsed.GetValue(Arms) is { } arms)
        {
            try
            {
                options = options with { Arms = ArmList.Parse(arms) };
            }
            catch (ArgumentException e)
            {
                return new ParseResult(null, false, e.Message);
            }
        }

        return Complete(options, parsed.GetValue(TrackingUri), environment);
    }

    /// <summary>The checks that need more than one option or the environment.</summary>
    private static ParseResult Complete(TrainerOptions options, string? trackingUri, Func<string, string?> environment)
    {
        // An empty --tracking-uri (a script's unset variable) would otherwise mean the default server, silently.
        if (trackingUri is not null && string.IsNullOrWhiteSpace(trackingUri))
        {
            return new ParseResult(null, false, "--tracking-uri is empty");
        }

        var source = trackingUri is null ? $" (from {MlflowServiceCollectionExtensions.TrackingUriKey})" : "";
        trackingUri ??= environment(MlflowServiceCollectionExtensions.TrackingUriKey);
        if (!string.IsNullOrWhiteSpace(trackingUri))
        {
            if (!Uri.TryCreate(trackingUri, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                return new ParseResult(null, false, $"tracking URI '{trackingUri}'{source} is not an absolute http(s) URL");
            }

            options = options with { TrackingUri = uri };
        }

        if (environment(ProjectRunIdKey) is { Length: > 0 } projectRun)
        {
            options = options with { ProjectRunId = projectRun };
        }

        if (options is { ReportOnly: true, OutputDir: null, ProjectRunId: null })
        {
            return new ParseResult(null, false, $"--report-only needs --output <folder> (or an active MLflow run in {ProjectRunIdKey})");
        }

        var known = new[] { MovieLensDataSets.LatestSmall, MovieLensDataSets.Ml100k, MovieLensDataSets.Ml1m };
        if (!known.Contains(options.Data, StringComparer.OrdinalIgnoreCase) && !Directory.Exists(options.Data))
        {
            return new ParseResult(null, false,
                $"--data '{options.Data}' is neither a known data set ({string.Join(", ", known)}) nor an existing folder");
        }

        return new ParseResult(options, false, null);
    }

    /// <summary>An integer option whose bad value (not a number, out of range) is named in the error.</summary>
    private static Option<int> Ranged(Option<int> option, int min, int max)
    {
        option.CustomParser = result => Parsed(result, text =>
        {
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            {
                throw new ArgumentException($"{option.Name} expects an integer, got '{text}'");
            }

            return n < min || n > max ? throw new ArgumentException($"{option.Name} must be between {min} and {max}, got {n}") : n;
        });
        return option;
    }

    private static T Parsed<T>(System.CommandLine.Parsing.ArgumentResult result, Func<string, T> parse)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        try
        {
            return parse(text);
        }
        catch (ArgumentException e)
        {
            result.AddError(e.Message.Replace(" (Parameter 'text')", "", StringComparison.Ordinal));
            return default!;
        }
    }

    private static string HelpText() => Invoked("--help");

    private static string Invoked(string builtIn) => BuiltInOptions.Output(Root, builtIn);
}
