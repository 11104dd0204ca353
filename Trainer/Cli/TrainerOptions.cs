using Bandit.Allocation;
using Bandit.MovieLens;
using Bandit.MovieLens.Features;

namespace Bandit.Trainer.Cli;

/// <summary>What one Trainer run does, parsed from the command line by <see cref="CommandLine"/>.</summary>
public sealed record TrainerOptions
{
    public const int DefaultFolds = 5;
    public const int DefaultBootstrapResamples = 1000;

    /// <summary><c>ml-latest-small</c> (shipped), <c>ml-100k</c>, <c>ml-1m</c> (downloaded on request) or a folder.</summary>
    public string Data { get; init; } = MovieLensDataSets.LatestSmall;

    /// <summary>The split whose models are registered; the report evaluates both.</summary>
    public SplitKind Split { get; init; } = SplitKind.UserTime;

    /// <summary>Folds of the user-grouped cross-validation.</summary>
    public int Folds { get; init; } = DefaultFolds;

    /// <summary>Seeds the out-of-fold encoding, the CV folds, both models and the bootstrap.</summary>
    public int Seed { get; init; } = TrainingSetBuilder.DefaultSeed;

    /// <summary>The MLflow server; <c>--tracking-uri</c>, else <c>MLFLOW_TRACKING_URI</c>, else <c>http://127.0.0.1:5000</c>.</summary>
    public Uri TrackingUri { get; init; } = new(Bandit.Mlflow.MlflowServiceCollectionExtensions.DefaultTrackingUri);

    /// <summary>Move the <c>PolicyA</c>/<c>PolicyB</c> aliases to this run's versions even when they already exist.</summary>
    public bool Promote { get; init; }

    /// <summary>Resamples of the paired bootstrap of AUC(B) − AUC(A).</summary>
    public int BootstrapResamples { get; init; } = DefaultBootstrapResamples;

    /// <summary>Where plots, the report and model folders are kept; null = a temporary folder removed at the end.</summary>
    public string? OutputDir { get; init; }

    /// <summary>Test users whose top-10 lists give coverage and personalisation (<c>--top-users</c>; 0 = none).</summary>
    public int TopListUsers { get; init; } = Evaluation.TopLists.DefaultSampleSize;

    /// <summary>Train, evaluate and write the report, but register nothing (<c>--report-only</c>).</summary>
    public bool ReportOnly { get; init; }

    /// <summary>The MLflow run of an <c>mlflow run</c> invocation (<c>MLFLOW_RUN_ID</c>): the Trainer's runs become its
    /// children (<c>mlflow.parentRunId</c>), and a <c>--report-only</c> run logs its report, plots and metrics into it.</summary>
    public string? ProjectRunId { get; init; }

    /// <summary>The arms the router config must serve (<c>--arms</c>; the AppHost passes the arms it declares, so they
    /// are written down once). Null = not given: a live config is left as it is, a missing one gets
    /// <see cref="RouterConfig.Default"/>'s arms.</summary>
    public IReadOnlyList<ArmConfig>? Arms { get; init; }
}
