using System.Text;
using Bandit.Allocation;
using Bandit.Mlflow;
using Bandit.Router.Extensions;
using Microsoft.Extensions.Options;

namespace Bandit.Router.Registry;

/// <summary>
/// Publishes a router config the way the Trainer registers one: a finished run in the experiment named after the
/// config model, holding <c>model/MLmodel</c> and <c>model/router_config.json</c>; a new version of the config
/// model from <c>&lt;artifact_uri&gt;/model</c>; then the live alias moved to it (the last step, so followers only
/// ever see complete versions).
/// </summary>
public sealed class MlflowRouterConfigPublisher(MlflowClient client, IOptions<RouterOptions> options) : IRouterConfigPublisher
{
    /// <summary>The whole publication, MLflow's own retries included, must finish within this.</summary>
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(20);

    private readonly RouterOptions _options = options.Value;

    public string SourceUri => ModelUri.ForAlias(_options.ConfigModel, _options.ConfigAlias).ToString();

    public async Task<string> PublishAsync(RouterConfig config, string reason, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var ct = timeout.Token;
        try
        {
            var model = _options.ConfigModel;
            var experimentId = await client.GetOrCreateExperimentAsync(model, ct).ConfigureAwait(false);
            var run = await client.CreateRunAsync(experimentId, $"router-config-{config.Strategy}",
                [new RunTag("bandit.source", "router-admin"), new RunTag("bandit.reason", reason), new RunTag("bandit.experiment_key", config.ExperimentKey)], ct).ConfigureAwait(false);
            var artifactUri = run.Info.ArtifactUri ?? throw new InvalidOperationException($"run {run.Info.RunId} has no artifact_uri.");
            await client.UploadArtifactAsync(artifactUri, "model/" + MlModelFile.FileName, Encoding.UTF8.GetBytes(RouterConfigArtifacts.CreateMlModel(run.Info.RunId).ToYaml()), ct).ConfigureAwait(false);
            await client.UploadArtifactAsync(artifactUri, "model/" + RouterConfig.ArtifactFileName, Encoding.UTF8.GetBytes(config.ToJson()), ct).ConfigureAwait(false);
            await client.LogBatchAsync(run.Info.RunId, @params: [new Param("strategy", config.Strategy), new Param("arms", string.Join(",", config.Arms.Select(a => $"{a.Name}:{a.Weight}")))], cancellationToken: ct).ConfigureAwait(false);
            await client.UpdateRunAsync(run.Info.RunId, RunStatus.Finished, cancellationToken: ct).ConfigureAwait(false);
            await client.GetOrCreateRegisteredModelAsync(model, "Bandit.Aspire router allocation configs; the alias 'router' is live.", ct).ConfigureAwait(false);
            var version = await client.CreateModelVersionAsync(model, ArtifactUri.Join(artifactUri, "model"), run.Info.RunId,
                [new ModelVersionTag("strategy", config.Strategy), new ModelVersionTag("experiment_key", config.ExperimentKey)], reason, ct).ConfigureAwait(false);
            await client.SetAliasAsync(model, _options.ConfigAlias, version.Version, ct).ConfigureAwait(false);
            return version.Version;
        }
        catch (Exception e) when (e is MlflowException or HttpRequestException or TimeoutException or InvalidOperationException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new RegistryUnavailableException(e is OperationCanceledException ? $"no answer within {_timeout.TotalSeconds:0} s." : e.Message, e);
        }
    }
}
