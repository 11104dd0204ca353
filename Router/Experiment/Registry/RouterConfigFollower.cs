using Bandit.Mlflow;
using Bandit.Mlflow.Watching;
using Bandit.Router.Common;

namespace Bandit.Router.Experiment.Registry;

/// <summary>
/// Follows <c>models:/&lt;Router:ConfigModel&gt;@&lt;Router:ConfigAlias&gt;</c> with an <see cref="AliasWatcher"/> (polled, and
/// triggered by the MLflow webhook) and makes each new version live without a restart. A version that cannot be
/// loaded or is invalid is refused (the watcher retries it with backoff) and the previous config keeps running;
/// so does an outage or a deleted alias.
/// </summary>
public sealed class RouterConfigFollower(MlflowClient client, LiveExperiment live, ILogger<RouterConfigFollower> logger)
{
    /// <summary>The watcher's change handler (<see cref="AliasWatcherServiceCollectionExtensions.AddAliasWatcher"/>).</summary>
    public async Task ApplyAsync(AliasChange change, CancellationToken cancellationToken)
    {
        if (change.Current is not { } version)
        {
            RouterLog.ConfigAliasMissing(logger, change.ModelName, change.Alias, live.Current.Version);
            return;
        }

        var config = await RouterConfigArtifacts.LoadAsync(client, version.Name, version.Version, cancellationToken).ConfigureAwait(false);
        await live.ApplyAsync(config, version.Version, ModelUri.ForAlias(change.ModelName, change.Alias).ToString(), cancellationToken).ConfigureAwait(false);
    }
}
