using Bandit.Contracts;
using Bandit.Mlflow;
using Bandit.Mlflow.Publishing;
using Bandit.MovieLens.Features;
using Bandit.Trainer.Cli;
using Bandit.Training.Modeling;
using Bandit.Trainer.Packaging;
using Bandit.Trainer.Publishing;
using Bandit.Trainer.Reporting;

namespace Bandit.Trainer.Pipeline;

public sealed partial class TrainerPipeline
{
    /// <summary>Both policies already have a version with this fingerprint: register nothing, only apply the alias
    /// rule (a missing alias is set; <c>--promote</c> moves aliases to these versions) and make sure the router exists.</summary>
    private async Task<TrainerResult> NothingNewAsync(TrainerOptions options, string fingerprint, IReadOnlyDictionary<string, ModelVersion> existing,
        StageReporter stages, CancellationToken cancellationToken)
    {
        var registrations = new List<PolicyRegistration>();
        foreach (var (policy, version) in existing.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var alias = await _registry.EnsureAliasAsync(policy, version.Version, options.Promote, cancellationToken);
            registrations.Add(new PolicyRegistration(policy, version.Version, version.RunId, New: false, alias));
        }

        var router = await _registry.EnsureRouterConfigAsync(options.Arms, cancellationToken);
        output.WriteLine($"[trainer] nothing new to register: {RegistryNames.PolicyModel} " +
            string.Join(" and ", registrations.Select(r => $"v{r.Version} ({r.Policy})")) +
            $" already carry fingerprint {fingerprint[..12]} (same data and parameters); no training, no new runs");
        foreach (var line in registrations.Select(r => r.AliasMessage).Append(router))
        {
            stages.Detail(line);
        }

        return new TrainerResult(TrainerExitCodes.Done, fingerprint, NothingNew: true, registrations, router, null, stages.Timings);
    }

    private async Task<TrainerResult> PublishAsync(ExperimentOutcome outcome, IReadOnlyDictionary<string, ModelVersion> existing, StageReporter stages,
        CancellationToken cancellationToken)
    {
        var options = outcome.Options;
        var temporary = options.OutputDir is null;
        var outputDir = Path.GetFullPath(options.OutputDir ?? Path.Combine(Path.GetTempPath(), "bandit-trainer-" + Guid.NewGuid().ToString("N")));
        try
        {
            var files = await stages.Run("report", () => WriteReport(outcome, outputDir),
                f => $"{f.Plots} plots, report.md and {f.Packages.Count} model folders in {(temporary ? "a temporary folder" : outputDir)}");
            foreach (var package in files.Packages)
            {
                stages.Detail($"{package.Key} ONNX: {package.Value.OnnxStatus}");
            }

            output.Write(SummaryTable.Text(outcome));
            if (options.ReportOnly)
            {
                return await ReportOnlyAsync(outcome, outputDir, files.Packages, stages, cancellationToken);
            }

            var result = await stages.RunAsync("publish", () => RegisterAsync(outcome, existing, outputDir, files.Packages, stages, cancellationToken),
                r => string.Join(", ", r.Registrations.Select(x => $"{x.Policy} v{x.Version}{(x.New ? "" : " (existing)")}")) + $"; comparison run {r.ComparisonRunId}");
            foreach (var line in result.Registrations.Select(r => r.AliasMessage).Append(result.RouterMessage!))
            {
                stages.Detail(line);
            }

            return result with { Timings = stages.Timings };
        }
        finally
        {
            if (temporary && Directory.Exists(outputDir))
            {
                Directory.Delete(outputDir, recursive: true);
            }
        }
    }

    private static (int Plots, IReadOnlyDictionary<string, PackagedModel> Packages) WriteReport(ExperimentOutcome outcome, string outputDir)
    {
        var plots = 0;
        foreach (var e in outcome.Evaluations)
        {
            var folder = Path.Combine(outputDir, "plots", e.Split.CliName());
            CurvePlots.Roc(e, folder);
            CurvePlots.PrecisionRecall(e, folder);
            CurvePlots.Calibration(e, folder);
            BarPlots.Lift(e, folder);
            BarPlots.SegmentAuc(e, folder);
            plots += 5;
        }

        BarPlots.CrossValidationBox(outcome.CrossValidation, Path.Combine(outputDir, "plots"));
        var packages = new Dictionary<string, PackagedModel>(StringComparer.Ordinal);
        foreach (var fitted in outcome.RegisteredModels)
        {
            packages[fitted.Definition.Policy] = ModelPackage.Write(ModelDir(outputDir, fitted.Definition.Policy), fitted,
                outcome.RegisteredSplit.Data.State, outcome.RegisteredSplit.Data.Test);
        }

        File.WriteAllText(Path.Combine(outputDir, "report.md"), ReportWriter.Markdown(outcome, packages: packages));
        return (plots + 1, packages);
    }

    private async Task<TrainerResult> RegisterAsync(ExperimentOutcome outcome, IReadOnlyDictionary<string, ModelVersion> existing, string outputDir,
        IReadOnlyDictionary<string, PackagedModel> packages, StageReporter stages, CancellationToken cancellationToken)
    {
        var publisher = new ModelPublisher(client);
        var registrations = new List<PolicyRegistration>();
        foreach (var fitted in outcome.RegisteredModels)
        {
            var policy = fitted.Definition;
            string version;
            string? runId;
            var isNew = !existing.TryGetValue(policy.Policy, out var previous);
            if (isNew)
            {
                var published = await publisher.PublishAsync(RegistryNames.PolicyExperiment, $"{policy.Policy}-{policy.Trainer}", ModelDir(outputDir, policy.Policy),
                    RegistryNames.PolicyModel, RunContents.Policy(outcome, policy, packages[policy.Policy]), RunContents.PolicyTags(outcome, policy, packages[policy.Policy]),
                    $"{policy.Policy} ({policy.Trainer}), {outcome.Options.Split.CliName()} split, features {FeatureSpec.Version}", cancellationToken);
                (version, runId) = (published.Version.Version, published.Run.Info.RunId);
            }
            else
            {
                (version, runId) = (previous!.Version, previous.RunId);
            }

            var alias = await _registry.EnsureAliasAsync(policy.Policy, version, outcome.Options.Promote, cancellationToken);
            registrations.Add(new PolicyRegistration(policy.Policy, version, runId, isNew, alias));
        }

        var reportPath = Path.Combine(outputDir, "report.md");
        await File.WriteAllTextAsync(reportPath, ReportWriter.Markdown(outcome, registrations, stages.Timings, packages), cancellationToken);
        ArtifactUpload[] artifacts = [new(reportPath, "report.md"), new(Path.Combine(outputDir, "plots"), "plots")];
        var comparison = await publisher.LogRunAsync(RegistryNames.PolicyExperiment, "comparison",
            RunContents.Comparison(outcome, artifacts, registrations, stages.Timings), cancellationToken);
        var router = await _registry.EnsureRouterConfigAsync(outcome.Options.Arms, cancellationToken);
        return new TrainerResult(TrainerExitCodes.Done, outcome.Fingerprint, NothingNew: false, registrations, router, outcome, [], comparison.Info.RunId);
    }

    /// <summary>
    /// <c>--report-only</c>: nothing is registered. Under <c>mlflow run</c> the report, the plots and the comparison
    /// metrics go into the project run (MLFLOW_RUN_ID), which MLflow finishes when the command exits.
    /// </summary>
    private async Task<TrainerResult> ReportOnlyAsync(ExperimentOutcome outcome, string outputDir, IReadOnlyDictionary<string, PackagedModel> packages,
        StageReporter stages, CancellationToken cancellationToken)
    {
        if (outcome.Options.ProjectRunId is { } runId)
        {
            await stages.RunAsync("log", () => LogToProjectRunAsync(runId, outcome, outputDir, packages, stages, cancellationToken),
                n => $"report.md, plots and {n} metrics logged to run {runId}");
        }
        else
        {
            output.WriteLine($"[trainer] report only: report.md, plots and model folders in {outputDir}; nothing registered");
        }

        return new TrainerResult(TrainerExitCodes.Done, outcome.Fingerprint, NothingNew: false, [], null, outcome, stages.Timings);
    }

    private async Task<int> LogToProjectRunAsync(string runId, ExperimentOutcome outcome, string outputDir, IReadOnlyDictionary<string, PackagedModel> packages,
        StageReporter stages, CancellationToken cancellationToken)
    {
        var reportPath = Path.Combine(outputDir, "report.md");
        await File.WriteAllTextAsync(reportPath, ReportWriter.Markdown(outcome, timings: stages.Timings, packages: packages), cancellationToken);
        var content = RunContents.Comparison(outcome, [], [], stages.Timings);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var metrics = content.Metrics.Where(m => double.IsFinite(m.Value)).Select(m => new Metric(m.Key, m.Value, now)).ToList();
        var tags = content.Tags.Where(t => t.Key != RegistryTags.Role).Select(t => new RunTag(t.Key, t.Value)).Append(new RunTag(RegistryTags.Role, "report"));
        await client.LogBatchAsync(runId, metrics, tags: tags, cancellationToken: cancellationToken);
        var run = await client.GetRunAsync(runId, cancellationToken);
        var root = run.Info.ArtifactUri ?? throw new MlflowUnavailableException($"MLflow run {runId} has no artifact_uri");
        await using (var report = File.OpenRead(reportPath))
        {
            await client.UploadArtifactAsync(root, "report.md", report, cancellationToken);
        }

        await client.UploadDirectoryAsync(root, Path.Combine(outputDir, "plots"), "plots", cancellationToken);
        return metrics.Count;
    }

    private static string ModelDir(string outputDir, string policy) => Path.Combine(outputDir, "models", policy);
}
