using Bandit.Trainer.Evaluation.Metrics;

namespace Bandit.Trainer.Tests.Metrics;

public sealed class RankingMetricsTests
{
    [Fact]
    public void Evaluate_HandCase_ComputesNdcgAndPrecision()
    {
        // User 1 ranks: 0.9 (−), 0.8 (+), 0.7 (+). DCG = 1/log2(3) + 1/log2(4) = 0.63093 + 0.5;
        // ideal = 1 + 1/log2(3) = 1.63093 → NDCG = 1.13093 / 1.63093 = 0.693426; precision = 2/3.
        // User 2 ranks: 0.6 (+), 0.1 (−): NDCG = 1, precision = 1/2.
        // User 3 has no click: left out. Means: NDCG (0.693426 + 1) / 2, precision (2/3 + 1/2) / 2.
        int[] users = [1, 1, 1, 2, 2, 3, 3];
        float[] scores = [0.9f, 0.8f, 0.7f, 0.6f, 0.1f, 0.5f, 0.4f];
        bool[] labels = [false, true, true, true, false, false, false];

        var result = RankingMetrics.Evaluate(users, scores, labels);

        var user1 = (1 / Math.Log2(3) + 0.5) / (1 + 1 / Math.Log2(3));
        Assert.Equal(2, result.Users);
        Assert.Equal((user1 + 1) / 2, result.Ndcg, 9);
        Assert.Equal((2.0 / 3 + 0.5) / 2, result.Precision, 9);
    }

    [Fact]
    public void Evaluate_CutOffAtK_IgnoresRowsBelowK()
    {
        // k = 2: ranks 0.9 (−), 0.8 (−), 0.7 (+). Nothing relevant in the top 2 → NDCG@2 = 0, precision@2 = 0.
        var result = RankingMetrics.Evaluate([7, 7, 7], [0.9f, 0.8f, 0.7f], [false, false, true], k: 2);

        Assert.Equal(0, result.Ndcg, 12);
        Assert.Equal(0, result.Precision, 12);
    }

    [Fact]
    public void Evaluate_TiedScores_RankPessimistically()
    {
        // All scores equal: the negative ranks first, so DCG = 1/log2(3) and ideal = 1.
        var result = RankingMetrics.Evaluate([1, 1], [0.5f, 0.5f], [true, false]);

        Assert.Equal(1 / Math.Log2(3), result.Ndcg, 9);
        Assert.Equal(0.5, result.Precision, 12);
    }

    [Fact]
    public void Evaluate_NoUserWithAClick_IsNaN()
    {
        var result = RankingMetrics.Evaluate([1, 2], [0.5f, 0.4f], [false, false]);

        Assert.Equal(0, result.Users);
        Assert.True(double.IsNaN(result.Ndcg));
    }
}
