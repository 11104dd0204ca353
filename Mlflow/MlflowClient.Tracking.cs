using Bandit.Mlflow.Protocol;

namespace Bandit.Mlflow;

// Experiments and runs: experiments/*, runs/*, metrics/get-history.
public sealed partial class MlflowClient
{
    /// <summary>The experiment with this name, or null when there is none (404 RESOURCE_DOES_NOT_EXIST).</summary>
    public async Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await GetAsync(Api("experiments/get-by-name", ("experiment_name", name)), MlflowJsonContext.Default.ExperimentResponse, cancellationToken).ConfigureAwait(false);
            return response.Experiment;
        }
        catch (MlflowException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    public async Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken = default) =>
        (await GetAsync(Api("experiments/get", ("experiment_id", experimentId)), MlflowJsonContext.Default.ExperimentResponse, cancellationToken).ConfigureAwait(false)).Experiment;

    /// <summary>Creates an experiment and returns its id; 400 RESOURCE_ALREADY_EXISTS when the name is taken.</summary>
    public async Task<string> CreateExperimentAsync(string name, string? artifactLocation = null, IReadOnlyList<ExperimentTag>? tags = null, CancellationToken cancellationToken = default)
    {
        var response = await PostAsync("experiments/create", new CreateExperimentRequest(name, artifactLocation, tags),
            MlflowJsonContext.Default.CreateExperimentRequest, MlflowJsonContext.Default.CreateExperimentResponse, cancellationToken, idempotent: false).ConfigureAwait(false);
        return response.ExperimentId;
    }

    /// <summary>The id of the experiment with this name, created when missing (safe against a concurrent creator).</summary>
    public async Task<string> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        if (await GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing.ExperimentId;
        }

        try
        {
            return await CreateExperimentAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (MlflowException e) when (e.IsAlreadyExists)
        {
            // Someone else created it between our GET and POST.
            var raced = await GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false);
            if (raced is null)
            {
                throw;
            }

            return raced.ExperimentId;
        }
    }

    /// <summary>Starts a run (status RUNNING, start time now).</summary>
    public async Task<Run> CreateRunAsync(string experimentId, string? runName = null, IReadOnlyList<RunTag>? tags = null, CancellationToken cancellationToken = default)
    {
        var response = await PostAsync("runs/create", new CreateRunRequest(experimentId, runName, NowMillis(), tags),
            MlflowJsonContext.Default.CreateRunRequest, MlflowJsonContext.Default.RunResponse, cancellationToken, idempotent: false).ConfigureAwait(false);
        return response.Run;
    }

    public async Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        (await GetAsync(Api("runs/get", ("run_id", runId)), MlflowJsonContext.Default.RunResponse, cancellationToken).ConfigureAwait(false)).Run;

    /// <summary>
    /// Logs metrics, params and tags in as many <c>runs/log-batch</c> requests as MLflow's limits need
    /// (see <see cref="LogBatchChunker"/>). Requests go one after another, so a failure leaves earlier chunks logged.
    /// </summary>
    public async Task LogBatchAsync(string runId, IEnumerable<Metric>? metrics = null, IEnumerable<Param>? @params = null, IEnumerable<RunTag>? tags = null, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in LogBatchChunker.Chunk(runId, metrics ?? [], @params ?? [], tags ?? []))
        {
            await PostAsync("runs/log-batch", chunk, MlflowJsonContext.Default.LogBatchRequest, MlflowJsonContext.Default.EmptyResponse, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task LogMetricAsync(string runId, string key, double value, long? timestamp = null, long step = 0, CancellationToken cancellationToken = default) =>
        PostAsync("runs/log-metric", new LogMetricRequest(runId, key, value, timestamp ?? NowMillis(), step),
            MlflowJsonContext.Default.LogMetricRequest, MlflowJsonContext.Default.EmptyResponse, cancellationToken);

    public Task LogParamAsync(string runId, string key, string value, CancellationToken cancellationToken = default) =>
        PostAsync("runs/log-parameter", new KeyValueRunRequest(runId, key, value),
            MlflowJsonContext.Default.KeyValueRunRequest, MlflowJsonContext.Default.EmptyResponse, cancellationToken);

    public Task SetTagAsync(string runId, string key, string value, CancellationToken cancellationToken = default) =>
        PostAsync("runs/set-tag", new KeyValueRunRequest(runId, key, value),
            MlflowJsonContext.Default.KeyValueRunRequest, MlflowJsonContext.Default.EmptyResponse, cancellationToken);

    /// <summary>Sets a run's status; a terminal status gets <paramref name="endTime"/> (default now).</summary>
    public async Task<RunInfo> UpdateRunAsync(string runId, RunStatus status, long? endTime = null, CancellationToken cancellationToken = default)
    {
        var terminal = status is RunStatus.Finished or RunStatus.Failed or RunStatus.Killed;
        var response = await PostAsync("runs/update", new UpdateRunRequest(runId, status, endTime ?? (terminal ? NowMillis() : null)),
            MlflowJsonContext.Default.UpdateRunRequest, MlflowJsonContext.Default.UpdateRunResponse, cancellationToken).ConfigureAwait(false);
        return response.RunInfo;
    }

    /// <summary>Every value of one metric, following pages. Sends <c>max_results=25000</c> like the Python client
    /// (MLflow 3.4–3.6 return nothing without it).</summary>
    public async Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default)
    {
        var all = new List<Metric>();
        string? token = null;
        do
        {
            var page = await GetAsync(Api("metrics/get-history", ("run_id", runId), ("metric_key", key), ("max_results", "25000"), ("page_token", token)),
                MlflowJsonContext.Default.MetricHistoryResponse, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Metrics ?? []);
            token = page.Metrics is { Count: > 0 } ? page.NextPageToken : null;
        }
        while (!string.IsNullOrEmpty(token));

        return all;
    }

    /// <summary>One page of <c>runs/search</c> (MLflow's filter syntax, e.g. <c>tags.t = 'v'</c>).</summary>
    public async Task<RunsPage> SearchRunsAsync(IReadOnlyList<string> experimentIds, string? filter = null, int maxResults = 1000, IReadOnlyList<string>? orderBy = null, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        var response = await PostAsync("runs/search", new SearchRunsRequest(experimentIds, filter, maxResults, orderBy, pageToken),
            MlflowJsonContext.Default.SearchRunsRequest, MlflowJsonContext.Default.SearchRunsResponse, cancellationToken).ConfigureAwait(false);
        return new RunsPage(response.Runs ?? [], string.IsNullOrEmpty(response.NextPageToken) ? null : response.NextPageToken);
    }
}
