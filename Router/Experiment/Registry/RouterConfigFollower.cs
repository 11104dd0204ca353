using Bandit.Mlflow;
using Bandit.Mlflow.Watching;
using Bandit.Router.Common;

namespace Bandit.Router.Experiment.Registry;

/// <summary>
/// Follows <c>models:/&lt;Router:ConfigModel&gt;@&lt;Router:ConfigAlias&gt;</c> with an <see cref="AliasWatcher"/> (polled, and
/// triggered by the MLflow webhook) and makes each new version live without a restart. A version that cannot be
/// loaded or is invalid is refused (the watcher retries it with backoff) and the previous config keeps running;
/// so does an outage or a deleted alias. The versions of the new config's arm aliases are read before it goes live
/// (<see cref="ArmVersionFollower.ReadAsync"/>), so its first decisions record them. A move it sees from one version to another is handed to
/// <see cref="AliasMover.RecordExternalAsync"/> first, as the arm-version follower does for the arms' aliases: the
/// product's own moves (the strategy switch's publish) are claimed before they happen, so what is left to record is a
/// move made outside the product (another MLflow client, the UI), recorded once across replicas in the audit trail.
/// </summary>
public sealed class RouterConfigFollower(MlflowClient client, LiveExperiment live, AliasMover mover, ArmVersionFollower armVersions, ILogger<RouterConfigFollower> logger)
{
    /// <summary>The watcher's change handler (<see cref="AliasWatcherServiceCollectionExtensions.AddAliasWatcher"/>).</summary>
    public async Task ApplyAsync(AliasChange change, CancellationToken cancellationToken)
    {
        if (change.Current is not { } version)
        {
            RouterLog.ConfigAliasMissing(logger, change.ModelName, change.Alias, live.Current.Version);
            return;
        }

        if (change.Previous is { } previous && previous.Version != version.Version)
        {
            await RecordMoveAsync(change, previous.Version, version.Version, cancellationToken).ConfigureAwait(false);
        }

        var config = await RouterConfigArtifacts.LoadAsync(client, version.Name, version.Version, cancellationToken).ConfigureAwait(false);
        await armVersions.ReadAsync(config.Arms.Select(a => a.Alias), cancellationToken).ConfigureAwait(false); // before its first decision
        await live.ApplyAsync(config, version.Version, ModelUri.ForAlias(change.ModelName, change.Alias).ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Recorded before the new version is loaded, so a version that turns out invalid is audited too (the watcher retries
    /// it, and the claim keeps that from being recorded twice); a failure to record never stops the follower.
    /// </summary>
    private async Task RecordMoveAsync(AliasChange change, string previous, string version, CancellationToken cancellationToken)
    {
        try
        {
            await mover.RecordExternalAsync(change.ModelName, change.Alias, previous, version, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
        {
            RouterLog.MoveRecordFailed(logger, change.ModelName, change.Alias, previous, version, e);
        }
    }
}
