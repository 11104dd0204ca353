namespace Bandit.Mlflow.Publishing;

/// <summary>
/// Publishes an MLflow model folder the way MLflow's own clients do: a run in an experiment with its params,
/// metrics, tags and artifacts; the folder uploaded under the run's <c>model/</c> artifacts (its <c>MLmodel</c> file,
/// if any, gets the run's id); a version of the registered model (created when missing) whose <c>source</c> is the
/// run's <c>artifact_uri</c> + <c>/model</c>; then the run is marked FINISHED. A failure marks the run FAILED (best
/// effort) and is rethrown; nothing is registered unless every artifact was uploaded.
/// </summary>
public sealed class ModelPublisher(MlflowClient client)
{
    /// <summary>Where the model folder goes inside the run's artifacts (MLflow's convention).</summary>
    public const string ModelArtifactPath = "model";

    public MlflowClient Client { get; } = client;

    /// <summary>Creates a run (in <paramref name="experimentName"/>, created when missing), records
    /// <paramref name="content"/> and finishes it. For runs without a model, such as a comparison run.</summary>
    public async Task<Run> LogRunAsync(string experimentName, string runName, RunContent content, CancellationToken cancellationToken = default)
    {
        var run = await StartRunAsync(experimentName, runName, content, cancellationToken).ConfigureAwait(false);
        await CompleteAsync(run, async () =>
        {
            await UploadAsync(run, content, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>
    /// Publishes <paramref name="localModelDir"/> as a new version of <paramref name="registeredModelName"/> with
    /// <paramref name="versionTags"/>, from a new run named <paramref name="runName"/> recording <paramref name="content"/>.
    /// </summary>
    public async Task<PublishedModel> PublishAsync(string experimentName, string runName, string localModelDir, string registeredModelName,
        RunContent content, IReadOnlyDictionary<string, string>? versionTags = null, string? description = null, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(localModelDir))
        {
            throw new DirectoryNotFoundException($"model folder '{localModelDir}' does not exist");
        }

        var run = await StartRunAsync(experimentName, runName, content, cancellationToken).ConfigureAwait(false);
        var version = await CompleteAsync(run, async () =>
        {
            StampRunId(localModelDir, run.Info.RunId);
            await UploadAsync(run, content, cancellationToken).ConfigureAwait(false);
            var artifactUri = ArtifactRoot(run);
            await Client.UploadDirectoryAsync(artifactUri, localModelDir, ModelArtifactPath, cancellationToken).ConfigureAwait(false);
            await Client.GetOrCreateRegisteredModelAsync(registeredModelName, cancellationToken: cancellationToken).ConfigureAwait(false);
            var tags = (versionTags ?? new Dictionary<string, string>()).Select(t => new ModelVersionTag(t.Key, t.Value)).ToList();
            return await Client.CreateModelVersionAsync(registeredModelName, artifactUri + "/" + ModelArtifactPath, run.Info.RunId, tags, description, cancellationToken)
                .ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return new PublishedModel(run, version);
    }

    private async Task<Run> StartRunAsync(string experimentName, string runName, RunContent content, CancellationToken cancellationToken)
    {
        var experimentId = await Client.GetOrCreateExperimentAsync(experimentName, cancellationToken).ConfigureAwait(false);
        var tags = content.Tags.Select(t => new RunTag(t.Key, t.Value)).Append(new RunTag("mlflow.runName", runName)).ToList();
        var run = await Client.CreateRunAsync(experimentId, runName, tags, cancellationToken).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        try
        {
            await Client.LogBatchAsync(
                run.Info.RunId,
                content.Metrics.Where(m => double.IsFinite(m.Value)).Select(m => new Metric(m.Key, m.Value, now)),
                content.Params.Select(p => new Param(p.Key, p.Value)),
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await TryFailAsync(run).ConfigureAwait(false);
            throw;
        }

        return run;
    }

    private async Task UploadAsync(Run run, RunContent content, CancellationToken cancellationToken)
    {
        var root = ArtifactRoot(run);
        foreach (var artifact in content.Artifacts)
        {
            if (Directory.Exists(artifact.LocalPath))
            {
                await Client.UploadDirectoryAsync(root, artifact.LocalPath, artifact.ArtifactPath, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await using var stream = File.OpenRead(artifact.LocalPath);
                var path = string.IsNullOrEmpty(artifact.ArtifactPath) ? Path.GetFileName(artifact.LocalPath) : artifact.ArtifactPath;
                await Client.UploadArtifactAsync(root, path, stream, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<T> CompleteAsync<T>(Run run, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        T result;
        try
        {
            result = await work().ConfigureAwait(false);
        }
        catch
        {
            await TryFailAsync(run).ConfigureAwait(false);
            throw;
        }

        await Client.UpdateRunAsync(run.Info.RunId, RunStatus.Finished, cancellationToken: cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async Task TryFailAsync(Run run)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await Client.UpdateRunAsync(run.Info.RunId, RunStatus.Failed, cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MlflowException or HttpRequestException or OperationCanceledException)
        {
            // The original failure is the one worth reporting; the server may be the thing that failed.
        }
    }

    private static string ArtifactRoot(Run run) =>
        run.Info.ArtifactUri ?? throw new InvalidOperationException($"run {run.Info.RunId} has no artifact_uri");

    /// <summary>Writes the run id into the folder's MLmodel file, if it has one.</summary>
    private static void StampRunId(string modelDir, string runId)
    {
        var path = Path.Combine(modelDir, MlModelFile.FileName);
        if (!File.Exists(path))
        {
            return;
        }

        var file = MlModelFile.Load(path);
        file.RunId = runId;
        file.ArtifactPath ??= ModelArtifactPath;
        file.Save(modelDir);
    }
}
