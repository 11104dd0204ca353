using System.Globalization;
using Bandit.Mlflow;
using Bandit.MovieLens;
using Bandit.MovieLens.Features;

namespace Bandit.Trainer.Cli;

/// <summary>The outcome of parsing: options to run with, a request for help, or a message naming the bad argument.</summary>
public sealed record ParseResult(TrainerOptions? Options, bool ShowHelp, string? Error);

/// <summary>Parses the Trainer's command line (<c>--name value</c> or <c>--name=value</c>).</summary>
public static class CommandLine
{
    public const int MaxFolds = 20;
    public const int MaxTopListUsers = 10_000;

    /// <summary>What <c>mlflow run</c> sets to the run it created for the entry point.</summary>
    public const string ProjectRunIdKey = "MLFLOW_RUN_ID";

    public const string Usage = """
        usage: Bandit.Trainer [options]

        Trains Policy A (logistic regression), Policy B (LightGBM) and Policy C (field-aware factorization
        machine) CTR models on MovieLens, evaluates them offline on two time-respecting splits, logs runs to
        MLflow experiment 'movielens_ctr_ab' and registers the models (aliases PolicyA, PolicyB, PolicyC) and
        the router config (movielens_ctr_router@router).

          --data <name|folder>     ml-latest-small (default, shipped), ml-100k, ml-1m (downloaded and cached)
                                   or a folder holding a MovieLens data set
          --split <kind>           user-time (default: each user's newest 20% held out) or global-time
                                   (newest 20% of all ratings); both are evaluated, this one is registered
          --folds <k>              folds of the user-grouped cross-validation, 2-20 (default 5)
          --seed <n>               seed of folds, models and bootstrap (default 12345)
          --tracking-uri <uri>     MLflow server (default: MLFLOW_TRACKING_URI, else http://127.0.0.1:5000)
          --promote                move the PolicyA/PolicyB/PolicyC aliases to this run's versions
                                   (without it, aliases are only set when they do not exist yet)
          --bootstrap <n>          paired bootstrap resamples, 10-100000 (default 1000)
          --output <folder>        keep plots, report.md and model folders here (default: a temp folder)
          --top-users <n>          test users whose top-10 lists give coverage and personalisation, 0-10000
                                   (default 60; 0 = skip: ranking the catalogue costs ~0.2 s CPU per user)
          --report-only            train, evaluate and write the report; register nothing and need no MLflow,
                                   except under `mlflow run` (MLFLOW_RUN_ID set): then the report, plots and
                                   metrics are logged into that run. Without MLFLOW_RUN_ID it needs --output.
          -h, --help               show this help and exit

        Exit codes: 0 done (or nothing new to register), 2 bad argument or data, 3 MLflow unreachable or failed,
        1 any other failure. Under `mlflow run` (MLFLOW_RUN_ID set) the runs it creates are children of that run.
        """;

    /// <param name="args">The command line.</param>
    /// <param name="environment">Reads an environment variable (<c>MLFLOW_TRACKING_URI</c>); null = the process's.</param>
    public static ParseResult Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var options = new TrainerOptions();
        string? trackingUri = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "-?")
            {
                return new ParseResult(null, true, null);
            }

            var (name, inline) = arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=') is > 2 and var eq
                ? (arg[..eq], arg[(eq + 1)..])
                : (arg, null);
            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"{name} needs a value");
                }

                return args[++i];
            }

            try
            {
                options = name switch
                {
                    "--data" => options with { Data = NonEmpty(name, Value()) },
                    "--split" => options with { Split = Splitter.ParseKind(Value()) },
                    "--folds" => options with { Folds = Int(name, Value(), 2, MaxFolds) },
                    "--seed" => options with { Seed = Int(name, Value(), int.MinValue, int.MaxValue) },
                    "--tracking-uri" => Set(ref trackingUri, NonEmpty(name, Value()), options),
                    "--promote" => inline is null ? options with { Promote = true } : throw new ArgumentException("--promote takes no value"),
                    "--bootstrap" => options with { BootstrapResamples = Int(name, Value(), 10, 100_000) },
                    "--output" => options with { OutputDir = NonEmpty(name, Value()) },
                    "--top-users" => options with { TopListUsers = Int(name, Value(), 0, MaxTopListUsers) },
                    "--report-only" => inline is null ? options with { ReportOnly = true } : throw new ArgumentException("--report-only takes no value"),
                    _ => throw new ArgumentException($"unknown argument '{arg}' (--help lists the options)"),
                };
            }
            catch (ArgumentException e)
            {
                return new ParseResult(null, false, e.Message.Replace(" (Parameter 'text')", "", StringComparison.Ordinal));
            }
        }

        trackingUri ??= environment(MlflowServiceCollectionExtensions.TrackingUriKey);
        if (!string.IsNullOrWhiteSpace(trackingUri))
        {
            if (!Uri.TryCreate(trackingUri, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                return new ParseResult(null, false, $"tracking URI '{trackingUri}' is not an absolute http(s) URL");
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

    private static TrainerOptions Set(ref string? target, string value, TrainerOptions options)
    {
        target = value;
        return options;
    }

    private static string NonEmpty(string name, string value) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{name} needs a value") : value;

    private static int Int(string name, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            throw new ArgumentException($"{name} expects an integer, got '{value}'");
        }

        return n < min || n > max ? throw new ArgumentException($"{name} must be between {min} and {max}, got {n}") : n;
    }
}
