using Bandit.Mlflow;
using Bandit.Mlflow.Promotions;
using Bandit.Router.Common;
using Bandit.Router.Experiment.History;
using Bandit.Router.Store;

namespace Bandit.Router.Experiment.Registry;

/// <summary>One alias move the Router made: which alias of which model, from which version to which, why and by whom.</summary>
public sealed record AliasMove(string Model, string Alias, string? PreviousVersion, string Version, string Reason, string Actor, DateTimeOffset At)
{
    public bool Changed => PreviousVersion != Version;
}

/// <summary>
/// The one place the Router moves a registry alias: <c>POST /admin/promote</c> and the strategy switch's publish both
/// come through here, so every move the product makes is recorded in one spot: the experiment history and the audit
/// trail of promotions in MLflow (<see cref="PromotionJournal"/>). The registry client is looked up lazily: without <c>MLFLOW_TRACKING_URI</c> there
/// is none, and every move is refused with <see cref="RegistryUnavailableException"/>.
/// </summary>
public sealed class AliasMover(IServiceProvider services, ExperimentHistoryRecorder history, ArmVersions armVersions, IBanditStore store,
    Microsoft.Extensions.Options.IOptions<RouterOptions> options, TimeProvider time, ILogger<AliasMover> logger)
{
    /// <summary>How long a move's claim is kept: a watcher on any replica that sees the same (from, to) move within
    /// this time takes it as recorded already.</summary>
    public static readonly TimeSpan MoveClaimTtl = TimeSpan.FromDays(1);

    /// <summary>The registry client, or null when the Router runs without a registry.</summary>
    public MlflowClient? Client => services.GetService<MlflowClient>();

    /// <summary>
    /// Points <paramref name="alias"/> of <paramref name="model"/> at <paramref name="version"/> (nothing is written when it
    /// already does) and records the move. The caller checks that the version exists and is usable.
    /// </summary>
    public async Task<AliasMove> MoveAsync(string model, string alias, string version, string reason, string actor, CancellationToken cancellationToken)
    {
        var client = Client ?? throw new RegistryUnavailableException("MLFLOW_TRACKING_URI is not set, so there is no registry to move an alias in.");
        var previous = (await client.TryGetModelVersionByAliasAsync(model, alias, cancellationToken).ConfigureAwait(false))?.Version;
        var move = new AliasMove(model, alias, previous, version, reason, actor, time.GetUtcNow());
        if (move.Changed)
        {
            // Claimed before the registry changes, so no replica's watcher can see the move unclaimed and record it as
            // external; recorded here whatever the claim says (a product move is always the product's).
            await TryClaimAsync(model, alias, previous, version, cancellationToken).ConfigureAwait(false);
            await client.SetAliasAsync(model, alias, version, cancellationToken).ConfigureAwait(false);
            if (model == options.Value.ArmModel)
            {
                armVersions.Set(alias, version); // this replica's next decisions record the new version without waiting for a poll
            }

            RouterLog.AliasMoved(logger, model, alias, previous, version, actor, reason);
            // The alias has moved: its record is written whatever happens to the caller now (a client that hangs up, a
            // Router shutting down), or the move would stand unaudited, and claimed, so no watcher records it either.
            // The registry client's own timeouts bound these calls; the host's shutdown timeout bounds a stop.
            await history.RecordPromotionAsync(move, CancellationToken.None).ConfigureAwait(false);
            await AuditAsync(client, move, PromotionSources.Product, CancellationToken.None).ConfigureAwait(false);
        }

        return move;
    }

    /// <summary>
    /// An alias watcher saw <paramref name="alias"/> of <paramref name="model"/> move from <paramref name="previous"/> to
    /// <paramref name="version"/> without this class: the first replica to claim the move records it (source
    /// <c>external</c>, who <c>external</c>); false when it was claimed already (a product move, or another replica).
    /// </summary>
    public async Task<bool> RecordExternalAsync(string model, string alias, string previous, string version, CancellationToken cancellationToken)
    {
        if (Client is not { } client || !await TryClaimAsync(model, alias, previous, version, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        RouterLog.ExternalMove(logger, model, alias, previous, version);
        await AuditAsync(client, new AliasMove(model, alias, previous, version, "moved outside the product", PromotionSources.External, time.GetUtcNow()),
            PromotionSources.External, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>SET NX EX 86400 on (model, alias, from, to); with the store down the claim is taken as won (a move
    /// recorded twice is better than one not recorded).</summary>
    private async Task<bool> TryClaimAsync(string model, string alias, string? previous, string version, CancellationToken cancellationToken)
    {
        if (store is not IClaimStore claims)
        {
            return true;
        }

        try
        {
            return await claims.TryClaimAsync($"move:{model}:{alias}:{previous ?? "none"}->{version}", MoveClaimTtl, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            return true;
        }
    }

    /// <summary>
    /// Records the move as a run of MLflow's <c>promotions</c> experiment (source <c>product</c>) with the experiment's
    /// figures at this moment. The alias has moved already: a failure here is logged, not thrown, so the caller's answer
    /// stays the truth about the registry.
    /// </summary>
    private async Task AuditAsync(MlflowClient client, AliasMove move, string source, CancellationToken cancellationToken)
    {
        try
        {
            var figures = services.GetService<IPromotionFigures>() is { } figuresSource ? await figuresSource.CurrentAsync(cancellationToken).ConfigureAwait(false) : [];
            await new PromotionJournal(client).RecordAsync(new PromotionRecord(move.Model, move.Alias, move.PreviousVersion, move.Version, move.Actor,
                move.Reason, source, move.At, figures), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MlflowException or HttpRequestException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            RouterLog.PromotionRecordFailed(logger, move.Model, move.Alias, move.Version, e);
        }
    }
}
