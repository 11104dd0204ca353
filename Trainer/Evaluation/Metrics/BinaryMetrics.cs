namespace Bandit.Trainer.Evaluation.Metrics;

/// <summary>
/// Threshold-free metrics of a binary scorer: AUC (Mann-Whitney, ties count one half), PR-AUC (average precision),
/// log-loss and Brier. Pure functions of (scores, labels); a metric that needs both classes is NaN without them.
/// </summary>
public static class BinaryMetrics
{
    /// <summary>Probabilities are clipped to [ε, 1 − ε] before the logarithm, as scikit-learn does.</summary>
    public const double LogLossEpsilon = 1e-15;

    /// <summary>
    /// ROC AUC = P(score of a random positive &gt; score of a random negative) + ½ P(equal): the Mann-Whitney U
    /// statistic over P·N. NaN when either class is absent.
    /// </summary>
    public static double Auc(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        CheckLengths(scores, labels);
        var order = SortedAscending(scores);
        var weights = new int[scores.Length];
        weights.AsSpan().Fill(1);
        return WeightedAuc(scores, labels, order, weights);
    }

    /// <summary>
    /// AUC where row i counts <paramref name="weights"/>[i] times (a bootstrap resample), scanning
    /// <paramref name="ascending"/> (row indexes sorted by score) once: O(n). Rows with equal scores form one group;
    /// each positive in a group beats every negative below it and ties half of the negatives inside it.
    /// </summary>
    public static double WeightedAuc(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, ReadOnlySpan<int> ascending, ReadOnlySpan<int> weights)
    {
        double negativesBelow = 0, pairs = 0, positives = 0;
        var i = 0;
        while (i < ascending.Length)
        {
            var score = scores[ascending[i]];
            double groupPositives = 0, groupNegatives = 0;
            for (; i < ascending.Length && scores[ascending[i]] == score; i++)
            {
                var row = ascending[i];
                if (labels[row])
                {
                    groupPositives += weights[row];
                }
                else
                {
                    groupNegatives += weights[row];
                }
            }

            pairs += groupPositives * (negativesBelow + 0.5 * groupNegatives);
            negativesBelow += groupNegatives;
            positives += groupPositives;
        }

        return positives == 0 || negativesBelow == 0 ? double.NaN : pairs / (positives * negativesBelow);
    }

    /// <summary>
    /// Average precision, the area under the precision-recall curve as scikit-learn computes it:
    /// Σ (Rₙ − Rₙ₋₁) · Pₙ over thresholds at each distinct score, highest first (tied rows enter together).
    /// NaN without positives.
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        CheckLengths(scores, labels);
        var order = SortedAscending(scores);
        var totalPositives = 0;
        foreach (var label in labels)
        {
            totalPositives += label ? 1 : 0;
        }

        if (totalPositives == 0)
        {
            return double.NaN;
        }

        double truePositives = 0, seen = 0, previousRecall = 0, area = 0;
        var i = order.Length - 1;
        while (i >= 0)
        {
            var score = scores[order[i]];
            for (; i >= 0 && scores[order[i]] == score; i--)
            {
                seen++;
                truePositives += labels[order[i]] ? 1 : 0;
            }

            var recall = truePositives / totalPositives;
            area += (recall - previousRecall) * (truePositives / seen);
            previousRecall = recall;
        }

        return area;
    }

    /// <summary>Mean binary cross-entropy, natural log, with probabilities clipped to [ε, 1 − ε].</summary>
    public static double LogLoss(ReadOnlySpan<float> probabilities, ReadOnlySpan<bool> labels)
    {
        CheckLengths(probabilities, labels);
        if (probabilities.Length == 0)
        {
            return double.NaN;
        }

        double sum = 0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = Math.Clamp((double)probabilities[i], LogLossEpsilon, 1 - LogLossEpsilon);
            sum -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
        }

        return sum / probabilities.Length;
    }

    /// <summary>Mean squared error of the probability against the 0/1 label.</summary>
    public static double Brier(ReadOnlySpan<float> probabilities, ReadOnlySpan<bool> labels)
    {
        CheckLengths(probabilities, labels);
        if (probabilities.Length == 0)
        {
            return double.NaN;
        }

        double sum = 0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            var error = probabilities[i] - (labels[i] ? 1.0 : 0.0);
            sum += error * error;
        }

        return sum / probabilities.Length;
    }

    /// <summary>Row indexes ordered by ascending score. Equal scores come in no particular order: every caller treats
    /// them as one group, so the results do not depend on it.</summary>
    public static int[] SortedAscending(ReadOnlySpan<float> scores)
    {
        var keys = scores.ToArray();
        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // NaN sorts first in float's total order; a NaN score is a model bug the caller surfaces, not hidden here.
        Array.Sort(keys, order);
        return order;
    }

    internal static void CheckLengths(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels");
        }
    }
}
