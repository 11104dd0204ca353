using Bandit.Allocation.AutoPromotion;

namespace Bandit.Allocation.Tests;

/// <summary>The auto-promotion rule on crafted observations: each guard blocks on its own, the hold restarts, a
/// promotion happens once and goes on probation, a regression is rolled back and never promoted again.</summary>
public sealed class PromotionRuleTests
{
    private static readonly AutoPromotionSettings _settings = new(Enabled: true, HoldDecisions: 500);
    private static readonly DateTimeOffset _t0 = DateTimeOffset.UnixEpoch;

    /// <summary>A clear lead: A 5,000 decisions at CTR 0.05 (P(best) 0.01), B 5,000 at 0.10 — pooled z ≈ 9.6, far past
    /// the anytime boundary (≈ 3.6 at information 2,500).</summary>
    private static PromotionObservation Clear(long decisions, double pBestB = 0.99, bool srm = false, double[]? offPolicy = null) => new(
        decisions, _t0.AddSeconds(decisions),
        [new ArmEvidence("A", "PolicyA", "1", 5000, 5000, 250, 1 - pBestB), new ArmEvidence("B", "PolicyB", "2", 5000, 5000, 500, pBestB)],
        srm, offPolicy ?? [0.05, 0.10]);

    [Fact]
    public void Evaluate_LeadHeldLongEnough_PromotesOnceOntoTheLosersAliasAndWatches()
    {
        var first = PromotionRule.Evaluate(_settings, PromotionState.Idle, Clear(10_000));
        var held = PromotionRule.Evaluate(_settings, first.Next, Clear(10_400));
        var promoted = PromotionRule.Evaluate(_settings, held.Next, Clear(10_500));
        // The fresh experiment after the move: A serves version 2 now, 100 rewarded decisions of the 2,000 of probation.
        var after = PromotionRule.Evaluate(_settings, promoted.Next, new PromotionObservation(200, _t0,
            [new ArmEvidence("A", "PolicyA", "2", 100, 100, 10, 0.99), new ArmEvidence("B", "PolicyB", "2", 100, 100, 5, 0.01)], false, [0.1, 0.05]));

        Assert.Equal([PromotionAction.None, PromotionAction.None, PromotionAction.Promote, PromotionAction.None], new[] { first, held, promoted, after }.Select(s => s.Action));
        Assert.Equal(new PromotionMove("PolicyA", "1", "2", "B", "A"), promoted.Move);
        Assert.Equal("A", promoted.Next.Watch!.MeasuredArm);
        Assert.Contains("on probation", after.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_DipBelowThreshold_RestartsTheHold()
    {
        var state = PromotionRule.Evaluate(_settings, PromotionState.Idle, Clear(10_000)).Next;
        state = PromotionRule.Evaluate(_settings, state, Clear(10_300, pBestB: 0.90)).Next;
        state = PromotionRule.Evaluate(_settings, state, Clear(10_400)).Next;

        var step = PromotionRule.Evaluate(_settings, state, Clear(10_800));

        Assert.Equal(PromotionAction.None, step.Action); // held 400 of 500 since the dip, not 800
        Assert.Equal(PromotionAction.Promote, PromotionRule.Evaluate(_settings, step.Next, Clear(10_900)).Action);
    }

    [Theory]
    [InlineData("srm")]
    [InlineData("offpolicy-disagrees")]
    [InlineData("offpolicy-unknown")]
    [InlineData("thin")]
    [InlineData("hold-seconds")]
    public void Evaluate_OneGuardFails_DoesNotPromote(string guard)
    {
        var settings = guard == "hold-seconds" ? _settings with { HoldSeconds = 3600 } : _settings;
        PromotionObservation Observe(long n) => guard switch
        {
            "srm" => Clear(n, srm: true),
            "offpolicy-disagrees" => Clear(n, offPolicy: [0.11, 0.10]),
            "offpolicy-unknown" => Clear(n, offPolicy: [0.05, double.NaN]),
            "thin" => Clear(n) with { Arms = [new ArmEvidence("A", "PolicyA", "1", 40, 40, 2, 0.01), new ArmEvidence("B", "PolicyB", "2", 9000, 9000, 900, 0.99)] },
            _ => Clear(n),
        };

        var state = PromotionRule.Evaluate(settings, PromotionState.Idle, Observe(10_000)).Next;
        var step = PromotionRule.Evaluate(settings, state, Observe(11_000));

        Assert.Equal(PromotionAction.None, step.Action);
    }

    [Fact]
    public void Evaluate_HighPBestButLeadWithinTheAnytimeBoundary_DoesNotPromote()
    {
        // 0.105 vs 0.100 over 5,000 each: z ≈ 0.8 while P(best) reads 0.99 (as a stale or mis-specified posterior might).
        PromotionObservation Observe(long n) => Clear(n) with
        {
            Arms = [new ArmEvidence("A", "PolicyA", "1", 5000, 5000, 500, 0.01), new ArmEvidence("B", "PolicyB", "2", 5000, 5000, 525, 0.99)],
        };
        var state = PromotionRule.Evaluate(_settings, PromotionState.Idle, Observe(10_000)).Next;

        var step = PromotionRule.Evaluate(_settings, state, Observe(11_000));

        Assert.Equal(PromotionAction.None, step.Action);
        Assert.Contains("anytime boundary", step.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ProbationBelowTheOldLowerBound_RollsBackAndNeverPromotesThatVersionThereAgain()
    {
        var state = PromotionRule.Evaluate(_settings, PromotionState.Idle, Clear(10_000)).Next;
        var promoted = PromotionRule.Evaluate(_settings, state, Clear(10_500));
        // A's old version had 250/5000 = 0.05, Wilson lower ≈ 0.04430; the promoted version shows 60/2000 = 0.03 on A.
        var probation = new PromotionObservation(2000, _t0, [new ArmEvidence("A", "PolicyA", "2", 2000, 2000, 60, 0.5), new ArmEvidence("B", "PolicyB", "2", 2000, 2000, 70, 0.5)], false, [0.03, 0.035]);

        var rollback = PromotionRule.Evaluate(_settings, promoted.Next, probation);

        Assert.Equal(PromotionAction.Rollback, rollback.Action);
        Assert.Equal(new PromotionMove("PolicyA", "2", "1", "A", "A"), rollback.Move);
        Assert.InRange(promoted.Next.Watch!.OldCtrLower, 0.0442, 0.0444);
        var again = PromotionRule.Evaluate(_settings, PromotionRule.Evaluate(_settings, rollback.Next, Clear(10_000)).Next, Clear(10_500));
        Assert.Equal(PromotionAction.None, again.Action);
        Assert.Contains("rolled back", again.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ProbationAtOrAboveTheOldLowerBound_Confirms()
    {
        var state = PromotionRule.Evaluate(_settings, PromotionState.Idle, Clear(10_000)).Next;
        var promoted = PromotionRule.Evaluate(_settings, state, Clear(10_500));
        var probation = new PromotionObservation(2000, _t0, [new ArmEvidence("A", "PolicyA", "2", 2000, 2000, 190, 0.5), new ArmEvidence("B", "PolicyB", "2", 2000, 2000, 200, 0.5)], false, [0.095, 0.1]);

        var step = PromotionRule.Evaluate(_settings, promoted.Next, probation);

        Assert.Equal(PromotionAction.Confirm, step.Action);
        Assert.Null(step.Next.Watch);
    }

    [Fact]
    public void Evaluate_TargetAliasChampion_MovesTheChampionAndMeasuresTheWinner()
    {
        var settings = _settings with { TargetAlias = "champion" };
        var state = PromotionRule.Evaluate(settings, PromotionState.Idle, Clear(10_000)).Next;

        var step = PromotionRule.Evaluate(settings, state, Clear(10_500));

        Assert.Equal(new PromotionMove("champion", null, "2", "B", "A"), step.Move);
        Assert.Equal("B", step.Next.Watch!.MeasuredArm);
    }

    [Fact]
    public void AnytimeBoundary_MatchesTheNormalMixtureFormula()
    {
        // b(t) = √((1 + ρ/t)(2 ln(1/α) + ln(1 + t/ρ))); α = 0.05, ρ = 50, t = 50: √(2 · (5.9915 + 0.6931)) = 3.6564.
        Assert.Equal(3.6564, AnytimeBoundary.Boundary(50, 0.05, 50), 4);
        Assert.Equal(double.PositiveInfinity, AnytimeBoundary.Boundary(0, 0.05, 50));
    }

    [Fact]
    public void Settings_OutOfRange_AreRefusedByTheRouterConfig()
    {
        var config = RouterConfig.Default with { AutoPromotion = new AutoPromotionSettings(PBestThreshold: 0.4, TargetAlias: "bad alias", MaxFalsePromotion: 0) };

        var errors = config.Validate();

        Assert.Equal(3, errors.Count(e => e.StartsWith("auto_promotion.", StringComparison.Ordinal)));
        var json = """{"strategy":"thompson","arms":[{"name":"A","alias":"PolicyA","service":"variant-a","weight":1}],"prior":{"alpha":1,"beta":1},"salt":"s","auto_promotion":{"enabled":true,"p_best_threshold":0.97,"target_alias":"champion"}}""";
        Assert.Equal(new AutoPromotionSettings(Enabled: true, PBestThreshold: 0.97, TargetAlias: "champion"), RouterConfig.Parse(json).AutoPromotion);
        Assert.DoesNotContain("auto_promotion", RouterConfig.Default.ToJson(), StringComparison.Ordinal);
    }
}
