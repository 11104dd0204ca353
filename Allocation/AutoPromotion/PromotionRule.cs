namespace Bandit.Allocation.AutoPromotion;

/// <summary>
/// Guarded auto-promotion as a pure function of (settings, state, observation), so replicas, tests and the replay
/// run the same rule. Promote when all hold:
/// <list type="number">
/// <item>the leading arm's P(best) ≥ threshold at this evaluation and at every evaluation since it first got there,
/// for at least <c>hold_decisions</c> decisions and <c>hold_seconds</c> (a dip below restarts the hold);</item>
/// <item>every arm has <c>min_decisions_per_arm</c> decisions and <c>min_rewards_per_arm</c> clicks;</item>
/// <item>the winner's CTR beats every other arm's past <see cref="AnytimeBoundary"/> at level <c>max_false_promotion</c>
/// (so a tie is promoted with at most that probability, ever);</item>
/// <item>no sample-ratio mismatch;</item>
/// <item>the off-policy value (SNIPS) of "always winner" exceeds that of every other arm (the log agrees in sign);</item>
/// <item>the target alias does not serve the winner's version already, and that version was not rolled back there.</item>
/// </list>
/// The target is <c>target_alias</c>, or the alias of the arm with the lowest P(best). The version then serves on
/// probation: once the arm serving the target alias (else the winner) has <c>rollback_window</c> rewarded decisions,
/// its CTR is compared with the old version's 95% Wilson lower bound at promotion time — below it, roll back; else confirm.
/// </summary>
public static class PromotionRule
{
    public static PromotionStep Evaluate(AutoPromotionSettings settings, PromotionState state, PromotionObservation observation)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(observation);
        return state.Watch is { } watch ? Probation(settings, state, watch, observation) : Contest(settings, state, observation);
    }

    private static PromotionStep Probation(AutoPromotionSettings settings, PromotionState state, RollbackWatch watch, PromotionObservation o)
    {
        var measured = o.Arms.FirstOrDefault(a => a.Arm == watch.MeasuredArm);
        if (measured is null || measured.Updates < settings.RollbackWindow)
        {
            return new(PromotionAction.None, null, $"version {watch.ToVersion} on {watch.Alias}: on probation ({measured?.Updates ?? 0} of {settings.RollbackWindow} rewarded decisions)", state);
        }

        var ctr = measured.Ctr;
        var idle = state with { Leader = null, Watch = null };
        if (ctr < watch.OldCtrLower && watch.FromVersion is not null)
        {
            var reason = $"rollback: version {watch.ToVersion} on {watch.Alias} has CTR {ctr:0.####} over {measured.Updates} rewarded decisions, below the 95% lower bound {watch.OldCtrLower:0.####} of version {watch.FromVersion} (CTR {watch.OldCtr:0.####})";
            return new(PromotionAction.Rollback, new PromotionMove(watch.Alias, watch.ToVersion, watch.FromVersion, watch.MeasuredArm, watch.MeasuredArm), reason,
                idle with { RolledBack = [.. state.RolledBack, PromotionState.Key(watch.Alias, watch.ToVersion)] });
        }

        return new(PromotionAction.Confirm, null, $"version {watch.ToVersion} on {watch.Alias} confirmed: CTR {ctr:0.####} over {measured.Updates} rewarded decisions, not below {watch.OldCtrLower:0.####}", idle);
    }

    private static PromotionStep Contest(AutoPromotionSettings s, PromotionState state, PromotionObservation o)
    {
        if (o.Arms.Count < 2)
        {
            return None("fewer than two arms", PromotionState.Idle with { RolledBack = state.RolledBack });
        }

        var winner = o.Arms.MaxBy(a => a.PBest)!;
        if (!(winner.PBest >= s.PBestThreshold))
        {
            return None($"no arm has P(best) ≥ {s.PBestThreshold} (best: {winner.Arm} at {winner.PBest:0.###})", state with { Leader = null });
        }

        // A new leader, or the counters went back (a reset): the hold starts now.
        if (state.Leader != winner.Arm || o.Decisions < state.LeaderSinceDecisions)
        {
            return None($"{winner.Arm} leads with P(best) {winner.PBest:0.###}: the hold starts", state with { Leader = winner.Arm, LeaderSinceDecisions = o.Decisions, LeaderSinceAt = o.At });
        }

        var heldDecisions = o.Decisions - state.LeaderSinceDecisions;
        var heldSeconds = (o.At - state.LeaderSinceAt).TotalSeconds;
        if (heldDecisions < s.HoldDecisions || heldSeconds < s.HoldSeconds)
        {
            return None($"{winner.Arm} held P(best) ≥ {s.PBestThreshold} for {heldDecisions} of {s.HoldDecisions} decisions, {heldSeconds:0} of {s.HoldSeconds:0} s", state);
        }

        if (o.Arms.FirstOrDefault(a => a.Pulls < s.MinDecisionsPerArm || a.Rewards < s.MinRewardsPerArm) is { } thin)
        {
            return None($"{thin.Arm} has {thin.Pulls} decisions and {thin.Rewards:0.#} clicks; each arm needs {s.MinDecisionsPerArm} and {s.MinRewardsPerArm:0.#}", state);
        }

        if (o.SrmAlarm)
        {
            return None("sample-ratio mismatch: the split is not what it should be, so the counts are not trusted", state);
        }

        // ρ of the boundary: the evidence asked of every arm, where the boundary is tightest.
        if (!AnytimeBoundary.Beats(winner, o.Arms, s.MaxFalsePromotion, Math.Max(1, s.MinDecisionsPerArm)))
        {
            return None($"{winner.Arm}'s lead is not yet past the anytime boundary at false-promotion level {s.MaxFalsePromotion}", state);
        }

        var index = IndexOf(o.Arms, winner);
        if (o.OffPolicyValues is not { } values || values.Count != o.Arms.Count || !double.IsFinite(values[index])
            || values.Where((v, i) => i != index).Any(v => !(values[index] > v)))
        {
            return None($"the off-policy estimate does not say {winner.Arm} is best", state);
        }

        if (winner.Version is null)
        {
            return None($"{winner.Arm}'s version is not known", state);
        }

        var loser = o.Arms.Where(a => a != winner).MinBy(a => a.PBest)!;
        var alias = s.TargetAlias ?? loser.Alias;
        var measured = o.Arms.FirstOrDefault(a => a.Alias == alias) ?? winner;
        var from = s.TargetAlias is null ? loser.Version : measured == winner ? null : measured.Version;
        if (o.Arms.Any(a => a.Alias == alias && a.Version == winner.Version))
        {
            return None($"{alias} serves version {winner.Version} already", state);
        }

        if (state.RolledBack.Contains(PromotionState.Key(alias, winner.Version)))
        {
            return None($"version {winner.Version} was rolled back on {alias} before", state);
        }

        var (lower, _) = Wilson.Interval(loser.Rewards, loser.Updates);
        var reason = $"{winner.Arm} (version {winner.Version}) held P(best) ≥ {s.PBestThreshold} for {heldDecisions} decisions (now {winner.PBest:0.###}); "
            + $"CTR {winner.Ctr:0.####} vs {loser.Arm} {loser.Ctr:0.####}; off-policy agrees";
        return new(PromotionAction.Promote, new PromotionMove(alias, from, winner.Version, winner.Arm, loser.Arm), reason,
            state with { Leader = null, Watch = new RollbackWatch(measured.Arm, alias, from, winner.Version, loser.Ctr, lower) });
    }

    private static PromotionStep None(string reason, PromotionState next) => new(PromotionAction.None, null, reason, next);

    private static int IndexOf(IReadOnlyList<ArmEvidence> arms, ArmEvidence arm)
    {
        for (var i = 0; i < arms.Count; i++)
        {
            if (ReferenceEquals(arms[i], arm))
            {
                return i;
            }
        }

        return -1;
    }
}
