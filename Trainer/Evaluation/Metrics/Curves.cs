namespace Bandit.Trainer.Evaluation.Metrics;

/// <summary>ROC and precision-recall curves for plotting, one point per distinct score, thinned to a few hundred.</summary>
public static class Curves
{
    public const int DefaultMaxPoints = 400;

    /// <summary>(false-positive rate, true-positive rate) from (0, 0) to (1, 1).</summary>
    public static (double[] Fpr, double[] Tpr) Roc(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int maxPoints = DefaultMaxPoints)
    {
        var (tp, fp, positives, negatives) = Thresholds(scores, labels);
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        for (var i = 0; i < tp.Count; i++)
        {
            fpr.Add(negatives == 0 ? 0 : fp[i] / negatives);
            tpr.Add(positives == 0 ? 0 : tp[i] / positives);
        }

        return Thin(fpr, tpr, maxPoints);
    }

    /// <summary>(recall, precision) at each threshold, highest score first.</summary>
    public static (double[] Recall, double[] Precision) PrecisionRecall(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int maxPoints = DefaultMaxPoints)
    {
        var (tp, fp, positives, _) = Thresholds(scores, labels);
        var recall = new List<double>();
        var precision = new List<double>();
        for (var i = 0; i < tp.Count; i++)
        {
            recall.Add(positives == 0 ? 0 : tp[i] / positives);
            precision.Add(tp[i] / (tp[i] + fp[i]));
        }

        return Thin(recall, precision, maxPoints);
    }

    /// <summary>Cumulative true and false positives after each distinct score, highest first.</summary>
    private static (List<double> Tp, List<double> Fp, double Positives, double Negatives) Thresholds(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        BinaryMetrics.CheckLengths(scores, labels);
        var order = BinaryMetrics.SortedAscending(scores);
        var tp = new List<double>();
        var fp = new List<double>();
        double t = 0, f = 0;
        var i = order.Length - 1;
        while (i >= 0)
        {
            var score = scores[order[i]];
            for (; i >= 0 && scores[order[i]] == score; i--)
            {
                if (labels[order[i]])
                {
                    t++;
                }
                else
                {
                    f++;
                }
            }

            tp.Add(t);
            fp.Add(f);
        }

        return (tp, fp, t, f);
    }

    private static (double[], double[]) Thin(List<double> x, List<double> y, int maxPoints)
    {
        if (x.Count <= maxPoints)
        {
            return ([.. x], [.. y]);
        }

        var step = (double)(x.Count - 1) / (maxPoints - 1);
        var xs = new double[maxPoints];
        var ys = new double[maxPoints];
        for (var i = 0; i < maxPoints; i++)
        {
            var j = (int)Math.Round(i * step);
            xs[i] = x[j];
            ys[i] = y[j];
        }

        return (xs, ys);
    }
}
