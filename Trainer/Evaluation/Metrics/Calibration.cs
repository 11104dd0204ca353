namespace Bandit.Trainer.Evaluation.Metrics;

/// <summary>One reliability bin: predictions in [<see cref="Lower"/>, <see cref="Upper"/>) (the last bin includes 1).</summary>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanPredicted, double ObservedRate);

/// <summary>A reliability diagram and its expected calibration error.</summary>
public sealed record CalibrationResult(IReadOnlyList<ReliabilityBin> Bins, double Ece);

/// <summary>Calibration of predicted probabilities against 0/1 outcomes, with equal-width bins.</summary>
public static class Calibration
{
    public const int DefaultBins = 10;

    /// <summary>
    /// Equal-width bins over [0, 1]: probability p goes to bin min(⌊p · bins⌋, bins − 1) (values outside [0, 1] are
    /// clamped). ECE = Σ_b (n_b / N) · |observed rate_b − mean predicted_b|; empty bins weigh nothing and report NaN
    /// means. NaN ECE for an empty input.
    /// </summary>
    public static CalibrationResult Reliability(ReadOnlySpan<float> probabilities, ReadOnlySpan<bool> labels, int bins = DefaultBins)
    {
        BinaryMetrics.CheckLengths(probabilities, labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var counts = new int[bins];
        var predicted = new double[bins];
        var observed = new double[bins];
        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = Math.Clamp((double)probabilities[i], 0, 1);
            var b = Math.Min((int)(p * bins), bins - 1);
            counts[b]++;
            predicted[b] += p;
            observed[b] += labels[i] ? 1 : 0;
        }

        var result = new ReliabilityBin[bins];
        double ece = 0;
        for (var b = 0; b < bins; b++)
        {
            var n = counts[b];
            var meanPredicted = n == 0 ? double.NaN : predicted[b] / n;
            var rate = n == 0 ? double.NaN : observed[b] / n;
            result[b] = new ReliabilityBin((double)b / bins, (double)(b + 1) / bins, n, meanPredicted, rate);
            if (n > 0)
            {
                ece += (double)n / probabilities.Length * Math.Abs(rate - meanPredicted);
            }
        }

        return new CalibrationResult(result, probabilities.Length == 0 ? double.NaN : ece);
    }
}
