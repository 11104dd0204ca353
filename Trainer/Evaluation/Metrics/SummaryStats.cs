namespace Bandit.Trainer.Evaluation.Metrics;

/// <summary>Mean and sample standard deviation (n − 1 in the denominator) of a few values, e.g. per-fold AUCs.</summary>
public sealed record MeanStd(double Mean, double Std, int Count)
{
    public static MeanStd Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return new MeanStd(double.NaN, double.NaN, 0);
        }

        var mean = values.Average();
        var std = values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return new MeanStd(mean, std, values.Count);
    }

    public override string ToString() => FormattableString.Invariant($"{Mean:F4} ± {Std:F4}");
}
