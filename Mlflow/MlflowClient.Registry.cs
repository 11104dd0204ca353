using System.Globalization;
using Bandit.Mlflow.Protocol;

namespace Bandit.Mlflow;

// Model registry: registered-models/*, model-versions/*, registered-models/alias.
public sealed partial class MlflowClient
{
    /// <summary>How long <see cref="CreateModelVersionAsync"/> waits for a PENDING_REGISTRATION version to become READY.</summary>
    public TimeSpan AwaitRegistrationFor { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Creates a registered model; 400 RESOURCE_ALREADY_EXISTS when the name is taken.</summary>
    public async Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description = null, IReadOnlyList<RegisteredModelTag>? tags = null, CancellationToken cancellationToken = default)
    {
        var response = await PostAsync("registered-models/create", new CreateRegisteredModelRequest(name, description, tags),
            MlflowJsonContext.Default.CreateRegisteredModelRequest, MlflowJsonContext.Default.RegisteredModelResponse, cancellationToken, idempotent: false).ConfigureAwait(false);
        return response.RegisteredModel;
    }

    /// <summary>The registered model, or null when there is none (404).</summary>
    public async Task<RegisteredModel?> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await GetAsync(Api("registered-models/get", ("name", name)), MlflowJsonContext.Default.RegisteredModelResponse, cancellationToken).ConfigureAwait(false)).RegisteredModel;
        }
        catch (MlflowException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>The registered model, created when missing (safe against a concurrent creator).</summary>
    public async Task<RegisteredModel> GetOrCreateRegisteredModelAsync(string name, string? description = null, CancellationToken cancellationToken = default)
    {
        if (await GetRegisteredModelAsync(name, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        try
        {
            return await CreateRegisteredModelAsync(name, description, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (MlflowException e) when (e.IsAlreadyExists)
        {
            // Someone else created it between our GET and POST.
            var raced = await GetRegisteredModelAsync(name, cancellationToken).ConfigureAwait(false);
            if (raced is null)
            {
                throw;
            }

            return raced;
        }
    }

    /// <summary>One page of registered models (filter like <c>name = 'm'</c> or <c>name LIKE 'm%'</c>).</summary>
    public async Task<RegisteredModelsPage> SearchRegisteredModelsAsync(string? filter = null, int maxResults = 100, IReadOnlyList<string>? orderBy = null, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        var query = new List<(string, string?)> { ("filter", filter), ("max_results", maxResults.ToString(CultureInfo.InvariantCulture)), ("page_token", pageToken) };
        query.AddRange((orderBy ?? []).Select(o => ("order_by", (string?)o)));
        var response = await GetAsync(Api("registered-models/search", [.. query]), MlflowJsonContext.Default.SearchRegisteredModelsResponse, cancellationToken).ConfigureAwait(false);
        return new RegisteredModelsPage(response.RegisteredModels ?? [], NullIfEmpty(response.NextPageToken));
    }

    /// <summary>
    /// Registers a new version of <paramref name="name"/> from <paramref name="source"/> (e.g. the run's
    /// <c>artifact_uri</c> + "/model"). Not retried by the pipeline: a replay would register a second version.
    /// Waits, like the Python client, until the version leaves PENDING_REGISTRATION.
    /// </summary>
    public async Task<ModelVersion> CreateModelVersionAsync(string name, string source, string? runId = null, IReadOnlyList<ModelVersionTag>? tags = null, string? description = null, CancellationToken cancellationToken = default)
    {
        var created = (await PostAsync("model-versions/create", new CreateModelVersionRequest(name, source, runId, tags, description),
            MlflowJsonContext.Default.CreateModelVersionRequest, MlflowJsonContext.Default.ModelVersionResponse, cancellationToken, idempotent: false).ConfigureAwait(false)).ModelVersion;

        var deadline = DateTime.UtcNow + AwaitRegistrationFor;
        var version = created;
        while (version.Status == ModelVersionStatus.PendingRegistration && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
            version = await GetModelVersionAsync(name, created.Version, cancellationToken).ConfigureAwait(false);
        }

        return version.Status switch
        {
            ModelVersionStatus.FailedRegistration => throw new InvalidOperationException($"Model version {name}/{version.Version} failed registration: {version.StatusMessage}"),
            ModelVersionStatus.PendingRegistration => throw new TimeoutException($"Model version {name}/{version.Version} still pending after {AwaitRegistrationFor}."),
            _ => version,
        };
    }

    /// <summary>A model version; 404 RESOURCE_DOES_NOT_EXIST when missing, 400 for a non-numeric version.</summary>
    public async Task<ModelVersion> GetModelVersionAsync(string name, string version, CancellationToken cancellationToken = default) =>
        (await GetAsync(Api("model-versions/get", ("name", name), ("version", version)), MlflowJsonContext.Default.ModelVersionResponse, cancellationToken).ConfigureAwait(false)).ModelVersion;

    /// <summary>One page of model versions (filter like <c>name = 'm'</c> or <c>run_id = '…'</c>); MLflow allows up to 200,000 per page.</summary>
    public async Task<ModelVersionsPage> SearchModelVersionsAsync(string? filter = null, int maxResults = 1000, IReadOnlyList<string>? orderBy = null, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        var query = new List<(string, string?)> { ("filter", filter), ("max_results", maxResults.ToString(CultureInfo.InvariantCulture)), ("page_token", pageToken) };
        query.AddRange((orderBy ?? []).Select(o => ("order_by", (string?)o)));
        var response = await GetAsync(Api("model-versions/search", [.. query]), MlflowJsonContext.Default.SearchModelVersionsResponse, cancellationToken).ConfigureAwait(false);
        return new ModelVersionsPage(response.ModelVersions ?? [], NullIfEmpty(response.NextPageToken));
    }

    /// <summary>Every version of <paramref name="name"/>, following pages, highest version first.</summary>
    public async Task<IReadOnlyList<ModelVersion>> SearchAllModelVersionsAsync(string name, int pageSize = 1000, CancellationToken cancellationToken = default)
    {
        var all = new List<ModelVersion>();
        string? token = null;
        do
        {
            var page = await SearchModelVersionsAsync(NameFilter(name), pageSize, ["version_number DESC"], token, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.ModelVersions);
            token = page.ModelVersions.Count > 0 ? page.NextPageToken : null;
        }
        while (token is not null);

        return all;
    }

    public Task SetModelVersionTagAsync(string name, string version, string key, string value, CancellationToken cancellationToken = default) =>
        PostAsync("model-versions/set-tag", new SetModelVersionTagRequest(name, version, key, value),
            MlflowJsonContext.Default.SetModelVersionTagRequest, MlflowJsonContext.Default.EmptyResponse, cancellationToken);

    /// <summary>Points <paramref name="alias"/> at <paramref name="version"/> (an upsert: it moves an existing alias).</summary>
    public Task SetAliasAsync(string name, string alias, string version, CancellationToken cancellationToken = default) =>
        PostAsync("registered-models/alias", new SetAliasRequest(name, alias, version),
            MlflowJsonContext.Default.SetAliasRequest, MlflowJsonContext.Default.EmptyResponse, cancellationToken);

    /// <summary>Removes an alias (MLflow answers 200 even when the alias did not exist; 404 when the model does not).</summary>
    public async Task DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        await SendAsync(JsonRequest(HttpMethod.Delete, Api("registered-models/alias"), new DeleteAliasRequest(name, alias), MlflowJsonContext.Default.DeleteAliasRequest),
            MlflowJsonContext.Default.EmptyResponse, cancellationToken).ConfigureAwait(false);

    /// <summary>The version an alias points at. A missing alias is 400 INVALID_PARAMETER_VALUE, as MLflow answers it.</summary>
    public async Task<ModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        (await GetAsync(Api("registered-models/alias", ("name", name), ("alias", alias)), MlflowJsonContext.Default.ModelVersionResponse, cancellationToken).ConfigureAwait(false)).ModelVersion;

    /// <summary>The version an alias points at, or null when the alias (or the model) does not exist.</summary>
    public async Task<ModelVersion?> TryGetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetModelVersionByAliasAsync(name, alias, cancellationToken).ConfigureAwait(false);
        }
        catch (MlflowException e) when (e.IsNotFound || (e.IsInvalidParameter && e.MlflowMessage.Contains("not found", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }
    }

    /// <summary>Where a version's artifacts can be downloaded from (<c>model-versions/get-download-uri</c>).</summary>
    public async Task<string> GetDownloadUriAsync(string name, string version, CancellationToken cancellationToken = default) =>
        (await GetAsync(Api("model-versions/get-download-uri", ("name", name), ("version", version)), MlflowJsonContext.Default.DownloadUriResponse, cancellationToken).ConfigureAwait(false)).ArtifactUri;

    /// <summary>MLflow's filter for one model's versions, with quotes escaped.</summary>
    public static string NameFilter(string name) => $"name='{name.Replace("'", "\\'", StringComparison.Ordinal)}'";

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
