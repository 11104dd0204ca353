using System.Globalization;
using System.Text;
using Bandit.MovieLens.Features;
using Bandit.Trainer.Pipeline;

namespace Bandit.Trainer.Reporting;

/// <summary>The key table printed to standard output: the main metrics of every scorer on both splits, the CV
/// summary and the verdicts.</summary>
public static class SummaryTable
{
    public static string Text(ExperimentOutcome outcome)
    {
        var text = new StringBuilder();
        text.AppendLine("split        scorer     AUC     PR-AUC  log-loss  Brier   ECE     NDCG@10  P@10    Cov@10  Pers@10");
        foreach (var e in outcome.Evaluations)
        {
            foreach (var (scorer, m) in e.Metrics)
            {
                var lists = e.TopLists?.GetValueOrDefault(scorer);
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"{e.Split.CliName(),-12} {scorer,-10} {F(m.Auc),-7} {F(m.PrAuc),-7} {F(m.LogLoss),-9} {F(m.Brier),-7} {F(m.Ece),-7} {F(m.NdcgAt10),-8} {F(m.PrecisionAt10),-7} {F(lists?.Coverage ?? double.NaN),-7} {F(lists?.Personalisation ?? double.NaN)}"));
            }
        }

        var cv = outcome.CrossValidation;
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"cv ({cv.Folds} folds by user, {cv.Split.CliName()}): {string.Join(", ", cv.FoldAuc.Keys.Select(s => $"{s} AUC {cv.Summary(s)}"))}"));
        foreach (var e in outcome.Evaluations)
        {
            foreach (var c in e.Comparisons)
            {
                text.AppendLine($"{e.Split.CliName()}: {c.Verdict}");
            }
        }

        return text.ToString();
    }

    private static string F(double value) => double.IsFinite(value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";
}
