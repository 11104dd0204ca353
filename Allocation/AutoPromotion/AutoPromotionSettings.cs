namespace Bandit.Allocation.AutoPromotion;

/// <summary>
/// The router config's optional <c>auto_promotion</c> section (snake_case keys; absent = off). When one arm's P(best)
/// stays at or above <paramref name="PBestThreshold"/> for <paramref name="HoldDecisions"/> decisions and
/// <paramref name="HoldSeconds"/> seconds, every arm has <paramref name="MinDecisionsPerArm"/> decisions and
/// <paramref name="MinRewardsPerArm"/> clicks, no sample-ratio mismatch is raised and the off-policy estimates agree,
/// the winner's version moves onto the losing arm's alias (or onto <paramref name="TargetAlias"/>). It is rolled back
/// when, over its first <paramref name="RollbackWindow"/> rewarded decisions, its CTR falls below the old version's
/// 95% lower bound. <paramref name="MaxFalsePromotion"/> bounds the probability that a tie (or a worse arm) is ever
/// promoted, however long the experiment runs: the winner's CTR must also clear <see cref="AnytimeBoundary"/> at that
/// level against every other arm, because P(best) ≥ 0.95 looked at again and again is crossed by chance sooner or later
/// (over 60 seeds of a 0.10 vs 0.10 tie and 20,000 decisions, the P(best) rule alone promoted 20). See <see cref="PromotionRule"/>.
/// </summary>
public sealed record AutoPromotionSettings(
    bool Enabled = false,
    double PBestThreshold = 0.95,
    long MinDecisionsPerArm = 50,
    double MinRewardsPerArm = 3,
    long HoldDecisions = 1000,
    double HoldSeconds = 0,
    string? TargetAlias = null,
    long RollbackWindow = 2000,
    double MaxFalsePromotion = 0.05)
{
    /// <summary>Every problem with the numbers, each a sentence naming the key; empty when usable (the target alias's
    /// spelling is checked by <see cref="RouterConfig.Validate"/> with the arm names).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(PBestThreshold is > 0.5 and < 1))
        {
            errors.Add($"auto_promotion.p_best_threshold must be in (0.5, 1), got {PBestThreshold}.");
        }

        if (MinDecisionsPerArm < 1 || HoldDecisions < 0 || RollbackWindow < 1)
        {
            errors.Add("auto_promotion.min_decisions_per_arm and rollback_window must be ≥ 1, hold_decisions ≥ 0.");
        }

        if (!(MaxFalsePromotion is > 0 and < 1))
        {
            errors.Add($"auto_promotion.max_false_promotion must be in (0, 1), got {MaxFalsePromotion}.");
        }

        if (!(double.IsFinite(MinRewardsPerArm) && MinRewardsPerArm >= 0) || !(double.IsFinite(HoldSeconds) && HoldSeconds >= 0))
        {
            errors.Add("auto_promotion.min_rewards_per_arm and hold_seconds must be finite numbers ≥ 0.");
        }

        return errors;
    }
}
