namespace Bandit.Contracts;

/// <summary>
/// The offline metric keys the Trainer logs on each policy run (also under a split prefix, e.g. <c>user_time.auc</c>)
/// and the Ui shows beside each version.
/// </summary>
public static class OfflineMetrics
{
    public const string Auc = "auc";
    public const string PrAuc = "pr_auc";
    public const string LogLoss = "log_loss";
    public const string Brier = "brier";
    public const string Ece = "ece";
    public const string NdcgAt10 = "ndcg_at_10";
    public const string PrecisionAt10 = "precision_at_10";
    public const string TopDecileLift = "top_decile_lift";
    public const string CvAucMean = "cv_auc_mean";
    public const string CvAucStd = "cv_auc_std";
    public const string BaselineAuc = "baseline_auc";

    /// <summary>The headline metrics, in the order the Ui's pages show them.</summary>
    public static IReadOnlyList<string> Headline { get; } = [Auc, PrAuc, LogLoss, Brier, Ece, NdcgAt10, PrecisionAt10, CvAucMean, CvAucStd];
}
