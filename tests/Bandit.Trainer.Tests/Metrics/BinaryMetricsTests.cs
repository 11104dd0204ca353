using Bandit.Trainer.Evaluation.Metrics;

namespace Bandit.Trainer.Tests.Metrics;

public sealed class BinaryMetricsTests
{
    [Fact]
    public void Auc_PerfectSeparation_IsOne()
    {
        float[] scores = [0.1f, 0.2f, 0.8f, 0.9f];
        bool[] labels = [false, false, true, true];

        Assert.Equal(1.0, BinaryMetrics.Auc(scores, labels), 12);
    }

    [Fact]
    public void Auc_ReversedRanking_IsZero()
    {
        float[] scores = [0.9f, 0.8f, 0.2f, 0.1f];
        bool[] labels = [false, false, true, true];

        Assert.Equal(0.0, BinaryMetrics.Auc(scores, labels), 12);
    }

    [Fact]
    public void Auc_HandCase_CountsConcordantPairs()
    {
        // Positives 0.8, 0.4; negatives 0.6, 0.2. Pairs (pos, neg): (0.8,0.6) win, (0.8,0.2) win, (0.4,0.6) loss,
        // (0.4,0.2) win → 3 of 4.
        float[] scores = [0.8f, 0.6f, 0.4f, 0.2f];
        bool[] labels = [true, false, true, false];

        Assert.Equal(0.75, BinaryMetrics.Auc(scores, labels), 12);
    }

    [Fact]
    public void Auc_TiesAcrossClasses_CountOneHalf()
    {
        // Positives 0.5, 0.9; negatives 0.5, 0.1. Pairs: (0.5,0.5) tie = ½, (0.5,0.1) win, (0.9,0.5) win,
        // (0.9,0.1) win → 3.5 / 4 = 0.875 (Mann-Whitney with mid-ranks).
        float[] scores = [0.5f, 0.5f, 0.9f, 0.1f];
        bool[] labels = [true, false, true, false];

        Assert.Equal(0.875, BinaryMetrics.Auc(scores, labels), 12);
    }

    [Fact]
    public void Auc_ConstantScores_IsOneHalf()
    {
        float[] scores = [0.3f, 0.3f, 0.3f, 0.3f, 0.3f];
        bool[] labels = [true, false, false, true, false];

        Assert.Equal(0.5, BinaryMetrics.Auc(scores, labels), 12);
    }

    [Fact]
    public void Auc_OneClassOnly_IsNaN()
    {
        Assert.True(double.IsNaN(BinaryMetrics.Auc([0.1f, 0.7f], [true, true])));
        Assert.True(double.IsNaN(BinaryMetrics.Auc([0.1f, 0.7f], [false, false])));
    }

    [Fact]
    public void WeightedAuc_DuplicatedRows_EqualsAucOfExpandedData()
    {
        // Weights (2, 1, 0, 3) must equal plain AUC on the rows repeated that many times.
        float[] scores = [0.8f, 0.6f, 0.4f, 0.2f];
        bool[] labels = [true, false, true, false];
        int[] weights = [2, 1, 0, 3];
        float[] expandedScores = [0.8f, 0.8f, 0.6f, 0.2f, 0.2f, 0.2f];
        bool[] expandedLabels = [true, true, false, false, false, false];

        var weighted = BinaryMetrics.WeightedAuc(scores, labels, BinaryMetrics.SortedAscending(scores), weights);

        Assert.Equal(BinaryMetrics.Auc(expandedScores, expandedLabels), weighted, 12);
    }

    [Fact]
    public void AveragePrecision_HandCase_MatchesScikitLearnDefinition()
    {
        // Ranked: 0.9 (+), 0.8 (−), 0.7 (+), 0.1 (−). Recall steps at rank 1 (P = 1) and rank 3 (P = 2/3):
        // AP = ½ · 1 + ½ · 2/3 = 5/6.
        float[] scores = [0.1f, 0.7f, 0.8f, 0.9f];
        bool[] labels = [false, true, false, true];

        Assert.Equal(5.0 / 6.0, BinaryMetrics.AveragePrecision(scores, labels), 12);
    }

    [Fact]
    public void AveragePrecision_TiedGroup_EntersAtOnce()
    {
        // One threshold at 0.5 takes all four rows: recall 1 at precision 2/4 → AP = 0.5.
        float[] scores = [0.5f, 0.5f, 0.5f, 0.5f];
        bool[] labels = [true, false, true, false];

        Assert.Equal(0.5, BinaryMetrics.AveragePrecision(scores, labels), 12);
    }

    [Fact]
    public void LogLoss_HandCase_IsMeanCrossEntropy()
    {
        // −(ln 0.8 + ln(1 − 0.4)) / 2 = −(ln 0.8 + ln 0.6) / 2
        float[] p = [0.8f, 0.4f];
        bool[] labels = [true, false];

        Assert.Equal(-(Math.Log(0.8) + Math.Log(0.6)) / 2, BinaryMetrics.LogLoss(p, labels), 6);
    }

    [Fact]
    public void LogLoss_ConfidentMistake_IsClippedNotInfinite()
    {
        var loss = BinaryMetrics.LogLoss([0f], [true]);

        // p = 0 is clipped to 1e-15: −ln(1e-15) = 34.538…
        Assert.Equal(-Math.Log(BinaryMetrics.LogLossEpsilon), loss, 9);
    }

    [Fact]
    public void Brier_HandCase_IsMeanSquaredError()
    {
        // ((1 − 0.8)² + (0 − 0.4)²) / 2 = (0.04 + 0.16) / 2 = 0.1
        Assert.Equal(0.1, BinaryMetrics.Brier([0.8f, 0.4f], [true, false]), 6);
    }

    [Fact]
    public void Auc_MismatchedLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => BinaryMetrics.Auc([0.1f, 0.2f], [true]));
    }
}
