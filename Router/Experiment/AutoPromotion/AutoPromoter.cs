using System.Text.Json;
using Bandit.Allocation;
using Bandit.Allocation.AutoPromotion;
using Bandit.Router.Common;
using Bandit.Router.Experiment.Registry;
using Bandit.Router.Experiment.Stats;
using Bandit.Router.Store;
using Microsoft.Extensions.Options;

namespace Bandit.Router.Experiment.AutoPromotion;

/// <summary>
/// Runs <see cref="PromotionRule"/> every <c>Router:AutoPromotionInterval</c> while the live router config has
/// <c>auto_promotion.enabled</c>: the live version's counters per arm and their P(best), the SRM flag and the SNIPS value
/// of "always arm k" from the event stream. A promotion or rollback is taken by one replica only — the one that wins
/// the claim <c>auto:{experiment}:{alias}:{from}->{to}</c> (SET NX PX) — and moves the alias through
/// <see cref="AliasMover"/> as <c>who = auto</c> with the rule's reason, so it is audited like any other move.
/// <para>"A fresh experiment" needs no reset here: evidence is kept per (arm, version), so the moved alias's arm starts
/// on the new version with the config's prior and zero counts (the probation window counts from there), while the
/// other arms keep theirs. A reset would also wipe the other arms' evidence and the old version's, which the rollback
/// criterion and the audit trail still refer to.</para>
/// <para>The rule's memory (the leader and since when, the version on probation, what was rolled back) lives in the
/// store (<see cref="IPromotionStateStore"/>), read before and written after each evaluation, so every replica
/// continues the same hold and probation, and a restart or a deploy during a probation still judges it. A replica
/// that loses the claim leaves the memory to the one that acts. With the store down nothing is decided.</para>
/// </summary>
public sealed class AutoPromoter(LiveExperiment live, IBanditStore store, ArmVersions versions, SrmMonitor srm, AliasMover mover,
    IOptions<RouterOptions> options, TimeProvider time, ILogger<AutoPromoter> logger) : BackgroundService
{
    /// <summary>The actor recorded for the rule's moves.</summary>
    public const string Actor = "auto";

    private static readonly TimeSpan _claimTtl = TimeSpan.FromMinutes(1);
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);
    private PromotionState _state = PromotionState.Idle;
    private string? _experiment;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AutoPromotionInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await EvaluateOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException && !stoppingToken.IsCancellationRequested)
            {
                AutoPromotionLog.Failed(logger, e); // a crashed background service would stop the Router
            }
        }
    }

    /// <summary>One evaluation; returns the rule's step (None when auto-promotion is off or the store is down).</summary>
    public async Task<PromotionStep?> EvaluateOnceAsync(CancellationToken cancellationToken)
    {
        var state = live.Current;
        if (state.Config.AutoPromotion is not { Enabled: true } settings)
        {
            return null;
        }

        if (_experiment != state.ExperimentKey)
        {
            (_experiment, _state) = (state.ExperimentKey, PromotionState.Idle); // another arm set: another contest
        }

        PromotionObservation observation;
        PromotionState memory;
        try
        {
            memory = await LoadAsync(state.ExperimentKey, cancellationToken).ConfigureAwait(false);
            observation = await ObserveAsync(state, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            return null; // no trusted counts: nothing to decide on
        }

        var step = PromotionRule.Evaluate(settings, memory, observation);
        if (step is { Action: PromotionAction.Promote or PromotionAction.Rollback, Move: { } move })
        {
            if (!await ClaimAsync(state, move, cancellationToken).ConfigureAwait(false))
            {
                return step with { Action = PromotionAction.None, Reason = "another replica acts on this move" };
            }

            var moved = await mover.MoveAsync(options.Value.ArmModel, move.Alias, move.ToVersion, step.Reason, Actor, cancellationToken).ConfigureAwait(false);
            AutoPromotionLog.Acted(logger, state.ExperimentKey, step.Action.ToString().ToLowerInvariant(), move.Alias, move.ToVersion, step.Reason);
            // The registry's answer is the truth about "from": the rollback goes back to what the alias really held.
            step = step with { Next = step.Next.Watch is { } w ? step.Next with { Watch = w with { FromVersion = moved.PreviousVersion } } : step.Next };
        }

        _state = step.Next;
        // After a move its memory (the probation of a promotion) is written even when the Router is stopping: a deploy
        // right after a promotion must not leave the new version unwatched.
        var acted = step.Action is PromotionAction.Promote or PromotionAction.Rollback;
        await SaveAsync(state.ExperimentKey, step.Next, acted ? CancellationToken.None : cancellationToken).ConfigureAwait(false);
        return step;
    }

    /// <summary>
    /// The memory the store holds for <paramref name="experiment"/>: Idle when there is none, or when what is there cannot
    /// be read (the next write replaces it); this replica's own without a store that keeps it.
    /// </summary>
    private async Task<PromotionState> LoadAsync(string experiment, CancellationToken cancellationToken)
    {
        if (store is not IPromotionStateStore states)
        {
            return _state;
        }

        var json = await states.GetPromotionStateAsync(experiment, cancellationToken).ConfigureAwait(false);
        try
        {
            return json is null ? PromotionState.Idle : JsonSerializer.Deserialize<PromotionState>(json, _json) ?? PromotionState.Idle;
        }
        catch (JsonException e)
        {
            AutoPromotionLog.Failed(logger, e);
            return PromotionState.Idle;
        }
    }

    /// <summary>A failed write keeps this replica's memory only; the next evaluation reads the store again.</summary>
    private async Task SaveAsync(string experiment, PromotionState next, CancellationToken cancellationToken)
    {
        if (store is not IPromotionStateStore states)
        {
            return;
        }

        try
        {
            await states.SetPromotionStateAsync(experiment, JsonSerializer.Serialize(next, _json), cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException e)
        {
            AutoPromotionLog.Failed(logger, e);
        }
    }

    private async Task<bool> ClaimAsync(LiveConfig state, PromotionMove move, CancellationToken cancellationToken) =>
        store is not IClaimStore claims
        || await claims.TryClaimAsync($"auto:{state.ExperimentKey}:{move.Alias}:{move.FromVersion}->{move.ToVersion}", _claimTtl, cancellationToken).ConfigureAwait(false);

    private async Task<PromotionObservation> ObserveAsync(LiveConfig state, CancellationToken cancellationToken)
    {
        var live = versions.For(state);
        var counters = await store.GetCountersAsync(state.ExperimentKey, state.ArmNames, live, cancellationToken).ConfigureAwait(false);
        var snapshot = PosteriorSnapshot.Create(state.Config, counters.ToArmStats(state.Config.DiscountHalfLifeSeconds));
        var arms = state.Config.Arms.Select((a, i) => new ArmEvidence(a.Name, a.Alias, live[i], snapshot.Stats[i].Pulls, snapshot.Stats[i].Updates,
            snapshot.Stats[i].Rewards, snapshot.PBest[i])).ToArray();
        var window = OffPolicyApi.DefaultWindow;
        var events = await store.ReadEventsAsync(state.ExperimentKey, (int)Math.Min((long)window * 3, options.Value.EventStreamMaxLength), cancellationToken).ConfigureAwait(false);
        var offPolicy = LiveOffPolicy.Estimate(events, state.ArmNames, window);
        var values = state.ArmNames.Select(a => offPolicy.Policies.FirstOrDefault(p => p.Policy == $"always {a}")?.Snips?.Value ?? double.NaN).ToArray();
        return new PromotionObservation(counters.Arms.Sum(a => a.AllPulls), time.GetUtcNow(), arms, (await srm.CheckAsync(state.ExperimentKey, counters, cancellationToken).ConfigureAwait(false)).Srm, values);
    }
}
