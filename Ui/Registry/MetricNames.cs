using Bandit.Contracts;
using Bandit.Mlflow;

namespace Bandit.Ui.Registry;

/// <summary>The offline metrics the Trainer logs, and how to find and judge them.</summary>
public static class MetricNames
{
    /// <summary>The headline metrics, in the order the pages show them.</summary>
    public static IReadOnlyList<string> Headline => OfflineMetrics.Headline;

    /// <summary>Short column labels for the headline metrics.</summary>
    public static string Label(string name) => name switch
    {
        OfflineMetrics.Auc => "AUC",
        OfflineMetrics.PrAuc => "PR-AUC",
        OfflineMetrics.LogLoss => "Log-loss",
        OfflineMetrics.Brier => "Brier",
        OfflineMetrics.Ece => "ECE",
        OfflineMetrics.NdcgAt10 => "NDCG@10",
        OfflineMetrics.PrecisionAt10 => "P@10",
        OfflineMetrics.CvAucMean => "CV AUC",
        OfflineMetrics.CvAucStd => "CV σ",
        _ => name,
    };

    private static readonly HashSet<string> _lowerIsBetter = new(StringComparer.OrdinalIgnoreCase)
        { OfflineMetrics.LogLoss, OfflineMetrics.Brier, OfflineMetrics.Ece, OfflineMetrics.CvAucStd, "logloss", "mse", "rmse", "mae" };

    /// <summary>
    /// The value of <paramref name="name"/> among <paramref name="metrics"/>: the exact key, else the shortest key ending
    /// in <c>.name</c> (the Trainer may prefix a split, e.g. <c>user_time.auc</c>).
    /// </summary>
    public static Metric? Find(IReadOnlyList<Metric> metrics, string name) =>
        metrics.FirstOrDefault(m => m.Key == name)
        ?? metrics.Where(m => m.Key.EndsWith("." + name, StringComparison.Ordinal)).OrderBy(m => m.Key.Length).ThenBy(m => m.Key, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>Whether a smaller value of the metric (judged by its last dotted part) is better.</summary>
    public static bool LowerIsBetter(string key) => _lowerIsBetter.Contains(key[(key.LastIndexOf('.') + 1)..]);

    /// <summary>+1 when <paramref name="b"/> is better than <paramref name="a"/>, −1 when worse, 0 when equal or unknown.</summary>
    public static int Compare(string key, double? a, double? b)
    {
        if (a is not { } x || b is not { } y || x.Equals(y) || double.IsNaN(x) || double.IsNaN(y))
        {
            return 0;
        }

        return (y > x) ^ LowerIsBetter(key) ? 1 : -1;
    }
}
