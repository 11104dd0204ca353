using Bandit.Contracts;
using Bandit.Trainer.Evaluation.Metrics;

namespace Bandit.Trainer.Evaluation;

/// <summary>Every offline metric of one scorer on one test set.</summary>
public sealed record MetricSet(
    int Rows,
    int Positives,
    double Auc,
    double PrAuc,
    double LogLoss,
    double Brier,
    CalibrationResult Calibration,
    IReadOnlyList<LiftDecile> Lift,
    RankingResult Ranking)
{
    public double Ece => Calibration.Ece;

    public double NdcgAt10 => Ranking.Ndcg;

    public double PrecisionAt10 => Ranking.Precision;

    /// <summary>Lift of the top decile (the 10% of rows scored highest).</summary>
    public double TopDecileLift => Lift.Count > 0 ? Lift[0].Lift : double.NaN;

    public static MetricSet Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, ReadOnlySpan<int> userIds)
    {
        var positives = 0;
        foreach (var label in labels)
        {
            positives += label ? 1 : 0;
        }

        return new MetricSet(
            scores.Length,
            positives,
            BinaryMetrics.Auc(scores, labels),
            BinaryMetrics.AveragePrecision(scores, labels),
            BinaryMetrics.LogLoss(scores, labels),
            BinaryMetrics.Brier(scores, labels),
            Evaluation.Metrics.Calibration.Reliability(scores, labels),
            LiftTable.ByDecile(scores, labels),
            RankingMetrics.Evaluate(userIds, scores, labels));
    }

    /// <summary>The scalar metrics under their MLflow keys (<c>auc</c>, <c>pr_auc</c>, …); NaN values are left out.</summary>
    public IEnumerable<KeyValuePair<string, double>> Scalars()
    {
        (string Key, double Value)[] all =
        [
            (OfflineMetrics.Auc, Auc), (OfflineMetrics.PrAuc, PrAuc), (OfflineMetrics.LogLoss, LogLoss), (OfflineMetrics.Brier, Brier),
            (OfflineMetrics.Ece, Ece), (OfflineMetrics.NdcgAt10, NdcgAt10), (OfflineMetrics.PrecisionAt10, PrecisionAt10),
            (OfflineMetrics.TopDecileLift, TopDecileLift),
            ("test_rows", Rows), ("positive_rate", Rows == 0 ? double.NaN : (double)Positives / Rows),
        ];
        return all.Where(m => double.IsFinite(m.Value)).Select(m => KeyValuePair.Create(m.Key, m.Value));
    }
}
