using Bandit.Trainer.Publishing;

namespace Bandit.Trainer.Tests.Publishing;

public sealed class AliasDecisionTests
{
    [Fact]
    public void Decide_NoAliasYet_SetsIt()
    {
        var d = AliasDecision.Decide("m", "PolicyA", null, "3", promote: false);

        Assert.True(d.Set);
        Assert.Equal("m@PolicyA set to v3 (new alias)", d.Message);
    }

    [Fact]
    public void Decide_AliasOnOtherVersionWithoutPromote_StaysAndSaysHowToMove()
    {
        var d = AliasDecision.Decide("m", "PolicyA", "1", "3", promote: false);

        Assert.False(d.Set);
        Assert.Contains("stays on v1", d.Message);
        Assert.Contains("--promote", d.Message);
    }

    [Fact]
    public void Decide_AliasOnOtherVersionWithPromote_Moves()
    {
        var d = AliasDecision.Decide("m", "PolicyB", "2", "4", promote: true);

        Assert.True(d.Set);
        Assert.Equal("m@PolicyB moved v2 → v4 (--promote)", d.Message);
    }

    [Fact]
    public void Decide_AliasAlreadyOnTarget_DoesNothing()
    {
        var d = AliasDecision.Decide("m", "PolicyB", "4", "4", promote: true);

        Assert.False(d.Set);
        Assert.Equal("m@PolicyB already on v4", d.Message);
    }
}
