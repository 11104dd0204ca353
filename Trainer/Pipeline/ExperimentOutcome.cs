using Bandit.Training;
using Bandit.MovieLens.Features;
using Bandit.Trainer.Cli;
using Bandit.Trainer.Evaluation;
using Bandit.Training.Modeling;

namespace Bandit.Trainer.Pipeline;

/// <summary>What the data stage found: the data set's name, size and content hash.</summary>
public sealed record DataSummary(string Name, string Folder, string Sha256, int Ratings, int Users, int Movies);

/// <summary>Everything the offline experiment produced: both splits' evaluations, the cross-validation and the
/// fitted models of the registered split.</summary>
public sealed record ExperimentOutcome(
    TrainerOptions Options,
    DataSummary Data,
    string Fingerprint,
    IReadOnlyList<SplitEvaluation> Evaluations,
    CrossValidationResult CrossValidation,
    PreparedSplit RegisteredSplit,
    IReadOnlyList<FittedPolicy> RegisteredModels)
{
    public SplitEvaluation Registered => Evaluations.First(e => e.Split == Options.Split);
}

/// <summary>A registered (or reused) policy version and what happened to its alias.</summary>
public sealed record PolicyRegistration(string Policy, string Version, string? RunId, bool New, string AliasMessage);

/// <summary>The Trainer's result: the exit code, and for a completed run what it evaluated and registered.</summary>
public sealed record TrainerResult(
    int ExitCode,
    string? Fingerprint,
    bool NothingNew,
    IReadOnlyList<PolicyRegistration> Registrations,
    string? RouterMessage,
    ExperimentOutcome? Outcome,
    IReadOnlyList<StageTiming> Timings,
    string? ComparisonRunId = null);
