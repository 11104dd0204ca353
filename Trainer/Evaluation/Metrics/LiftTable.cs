namespace Bandit.Trainer.Evaluation.Metrics;

/// <summary>
/// One decile of rows ranked by score, highest first. <see cref="Lift"/> = the decile's positive rate over the overall
/// rate; <see cref="CumulativeGain"/> = the share of all positives found in deciles 1 … this one.
/// </summary>
public sealed record LiftDecile(int Decile, int Count, int Positives, double Rate, double Lift, double CumulativeGain);

/// <summary>Lift and cumulative gain by decile.</summary>
public static class LiftTable
{
    public const int Deciles = 10;

    /// <summary>
    /// Sorts rows by score, highest first (equal scores: lower row index first), and deals them into 10 contiguous
    /// groups: rank r (0-based) of N goes to decile ⌊10 · r / N⌋ + 1, so sizes differ by at most one.
    /// </summary>
    public static IReadOnlyList<LiftDecile> ByDecile(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        BinaryMetrics.CheckLengths(scores, labels);
        var n = scores.Length;
        var keys = scores.ToArray();
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = keys[b].CompareTo(keys[a]);
            return c != 0 ? c : a.CompareTo(b);
        });

        var counts = new int[Deciles];
        var positives = new int[Deciles];
        var totalPositives = 0;
        for (var r = 0; r < n; r++)
        {
            var d = (int)((long)Deciles * r / n);
            counts[d]++;
            if (labels[order[r]])
            {
                positives[d]++;
                totalPositives++;
            }
        }

        var overall = n == 0 ? double.NaN : (double)totalPositives / n;
        var table = new LiftDecile[Deciles];
        var cumulative = 0;
        for (var d = 0; d < Deciles; d++)
        {
            cumulative += positives[d];
            var rate = counts[d] == 0 ? double.NaN : (double)positives[d] / counts[d];
            var gain = totalPositives == 0 ? double.NaN : (double)cumulative / totalPositives;
            table[d] = new LiftDecile(d + 1, counts[d], positives[d], rate, overall > 0 ? rate / overall : double.NaN, gain);
        }

        return table;
    }
}
