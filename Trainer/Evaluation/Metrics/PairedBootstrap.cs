namespace Bandit.Trainer.Evaluation.Metrics;

/// <summary>AUC(B) − AUC(A) on the full test set and its percentile confidence interval over paired resamples.</summary>
public sealed record AucDifference(double Delta, double Lower, double Upper, int Resamples, double Confidence)
{
    /// <summary>B is better with the stated confidence: the whole interval lies above zero.</summary>
    public bool BBetter => Lower > 0;

    /// <summary>A is better with the stated confidence: the whole interval lies below zero.</summary>
    public bool ABetter => Upper < 0;
}

/// <summary>
/// The paired bootstrap of an AUC difference: each resample draws N test rows with replacement (the same rows for
/// both models, so their correlation is kept) and computes AUC(B) − AUC(A) on it. Each resample r uses its own
/// <see cref="Random"/> seeded from (seed, r), so the result does not depend on how resamples are spread over threads.
/// A resample is a multiplicity vector over rows sorted once per model, so each costs O(N), not O(N log N).
/// </summary>
public static class PairedBootstrap
{
    public const int DefaultResamples = 1000;
    public const double DefaultConfidence = 0.95;

    public static AucDifference AucDifference(ReadOnlySpan<bool> labels, ReadOnlySpan<float> scoresA, ReadOnlySpan<float> scoresB,
        int resamples = DefaultResamples, int seed = 0, double confidence = DefaultConfidence)
    {
        BinaryMetrics.CheckLengths(scoresA, labels);
        BinaryMetrics.CheckLengths(scoresB, labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (!(confidence is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "must lie strictly between 0 and 1");
        }

        var delta = BinaryMetrics.Auc(scoresB, labels) - BinaryMetrics.Auc(scoresA, labels);
        var y = labels.ToArray();
        var a = scoresA.ToArray();
        var b = scoresB.ToArray();
        var orderA = BinaryMetrics.SortedAscending(a);
        var orderB = BinaryMetrics.SortedAscending(b);
        var deltas = new double[resamples];
        var n = y.Length;
        Parallel.For(0, resamples, () => new int[n], (r, _, weights) =>
        {
            Array.Clear(weights);
            var random = new Random(ResampleSeed(seed, r));
            for (var i = 0; i < n; i++)
            {
                weights[random.Next(n)]++;
            }

            deltas[r] = BinaryMetrics.WeightedAuc(b, y, orderB, weights) - BinaryMetrics.WeightedAuc(a, y, orderA, weights);
            return weights;
        }, _ => { });

        // A resample that drew one class only has no AUC; it is left out of the percentiles.
        var valid = deltas.Where(double.IsFinite).Order().ToArray();
        var tail = (1 - confidence) / 2;
        return new AucDifference(delta, Quantile(valid, tail), Quantile(valid, 1 - tail), resamples, confidence);
    }

    /// <summary>The q-quantile of sorted values by linear interpolation between closest ranks (R's type 7); NaN when empty.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var position = q * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    /// <summary>SplitMix64 of (seed, resample): the same in every process (unlike <see cref="HashCode"/>, randomised per process).</summary>
    private static int ResampleSeed(int seed, int resample)
    {
        var z = ((ulong)(uint)seed << 32) | (uint)resample;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }
}
