using Bandit.Contracts;
using Bandit.Training;
using Bandit.Mlflow;
using Bandit.MovieLens;
using Bandit.MovieLens.Features;
using Bandit.Trainer.Cli;
using Bandit.Trainer.Evaluation;
using Bandit.Training.Modeling;
using Bandit.Trainer.Publishing;

namespace Bandit.Trainer.Pipeline;

/// <summary>
/// The whole job, stage by stage: registry check, data, idempotence check, features (both splits), training,
/// evaluation, cross-validation, report (plots, report.md, model folders), publishing (runs, versions, aliases,
/// router config). Progress goes to <paramref name="output"/>; failures surface as exceptions that
/// <see cref="TrainerApp"/> turns into exit codes.
/// </summary>
public sealed partial class TrainerPipeline(MlflowClient client, TextWriter output)
{
    public const int Stages = 9;

    /// <summary>data, features, train, evaluate, cross-validate, report (+ registry and log under <c>mlflow run</c>).</summary>
    public const int ReportOnlyStages = 6;

    private readonly RegistryGateway _registry = new(client);

    public async Task<TrainerResult> RunAsync(TrainerOptions options, CancellationToken cancellationToken = default)
    {
        // --report-only skips the registry (stages 1, 3 and 9); under `mlflow run` it logs into the project run instead.
        var stages = new StageReporter(output, options.ReportOnly ? ReportOnlyStages + (options.ProjectRunId is null ? 0 : 2) : Stages);
        var policies = Policies.All(options.Seed);

        if (!options.ReportOnly || options.ProjectRunId is not null)
        {
            await stages.RunAsync("registry", () => _registry.CheckReachableAsync(cancellationToken),
                exists => $"MLflow at {client.TrackingUri} answers (experiment {RegistryNames.PolicyExperiment} {(exists ? "exists" : "will be created")})");
        }

        var (data, summary) = await stages.RunAsync("data", () => LoadDataAsync(options, cancellationToken),
            d => $"{d.Summary.Name}: {d.Summary.Ratings:N0} ratings, {d.Summary.Users:N0} users, {d.Summary.Movies:N0} movies (sha256 {d.Summary.Sha256[..12]})");

        var fingerprint = Fingerprint.Compute(summary.Sha256, options, policies);
        IReadOnlyDictionary<string, ModelVersion> existing = new Dictionary<string, ModelVersion>();
        if (!options.ReportOnly)
        {
            existing = await stages.RunAsync("check", () => _registry.FindByFingerprintAsync(fingerprint, cancellationToken),
                found => $"fingerprint {fingerprint[..12]}: " + (found.Count == 0
                    ? "not registered yet"
                    : "already registered as " + string.Join(", ", found.Select(f => $"{f.Key} v{f.Value.Version}"))));

            if (policies.All(p => existing.ContainsKey(p.Policy)))
            {
                return await NothingNewAsync(options, fingerprint, existing, stages, cancellationToken);
            }
        }

        var kinds = new[] { options.Split, options.Split == SplitKind.UserTime ? SplitKind.GlobalTime : SplitKind.UserTime };
        var prepared = await stages.RunAsync("features", () => Task.WhenAll(kinds.Select(k => Task.Run(() => PolicyTraining.Prepare(data, k, options.Seed), cancellationToken))),
            p => string.Join("; ", p.Select(x => $"{x.Split.Kind.CliName()}: {x.Data.Train.Count:N0} out-of-fold training rows, {x.Data.Test.Count:N0} test rows ({x.Split.TestColdStartUserShare():P1} cold-start users)")));

        var fitted = await stages.Run("train", () => PolicyTraining.Fit(prepared, policies, options.Seed, stages.Detail),
            f => $"{f.Sum(x => x.Count)} models ({prepared.Length} splits × {policies.Count} policies, seed {options.Seed})");

        var evaluations = await stages.RunAsync("evaluate", () => Task.WhenAll(prepared.Select((p, i) => Task.Run(() =>
                OfflineExperiment.Evaluate(p, OfflineExperiment.Score(p, fitted[i]), data.MoviesById, options.BootstrapResamples, options.Seed,
                    topListsOf: i == 0 ? fitted[i] : null, options.TopListUsers), cancellationToken))),
            e => string.Join("; ", e.Select(x => $"{x.Split.CliName()} AUC " + string.Join(" / ", x.Metrics.Select(m => $"{m.Key} {m.Value.Auc:F4}")))) +
                 $" ({SegmentCount(e)} segments, {options.BootstrapResamples} bootstrap resamples, top-{TopLists.K} lists of {options.TopListUsers} users on {options.Split.CliName()})");

        var cv = await stages.Run("cross-validate", () => CrossValidator.Run(options.Split, policies, prepared[0].Data.Train, options.Folds, options.Seed, stages.Detail),
            c => $"{c.Folds} user-grouped folds on {c.Split.CliName()}: " + string.Join(", ", c.FoldAuc.Keys.Select(k => $"{k} {c.Summary(k)}")));

        var outcome = new ExperimentOutcome(options, summary, fingerprint, evaluations, cv, prepared[0], fitted[0]);
        return await PublishAsync(outcome, existing, stages, cancellationToken);
    }

    private static int SegmentCount(SplitEvaluation[] e) => e.Length == 0 ? 0 : e[0].Segments.Count;

    private static async Task<(MovieLensDataset Data, DataSummary Summary)> LoadDataAsync(TrainerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var folder = await MovieLensDataSets.ResolveAsync(options.Data, cancellationToken: cancellationToken);
            var known = new[] { MovieLensDataSets.LatestSmall, MovieLensDataSets.Ml100k, MovieLensDataSets.Ml1m };
            var name = known.FirstOrDefault(k => k.Equals(options.Data, StringComparison.OrdinalIgnoreCase));
            var data = await Task.Run(() => MovieLensLoader.Load(folder, name), cancellationToken);
            if (data.Ratings.Count < 100 || data.UserCount < 2)
            {
                throw new TrainerDataException($"data set '{options.Data}' has {data.Ratings.Count} ratings from {data.UserCount} users: too few to train and evaluate");
            }

            var hash = await Task.Run(() => Fingerprint.HashDataFolder(folder), cancellationToken);
            return (data, new DataSummary(data.Name, folder, hash, data.Ratings.Count, data.UserCount, data.MovieCount));
        }
        catch (Exception e) when (e is not (OperationCanceledException or TrainerDataException))
        {
            throw new TrainerDataException($"data set '{options.Data}' cannot be used: {e.Message}", e);
        }
    }
}
