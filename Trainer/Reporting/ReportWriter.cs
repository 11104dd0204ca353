using System.Globalization;
using System.Text;
using Bandit.MovieLens.Features;
using Bandit.Trainer.Evaluation;
using Bandit.Trainer.Evaluation.Metrics;
using Bandit.Trainer.Packaging;
using Bandit.Trainer.Pipeline;

namespace Bandit.Trainer.Reporting;

/// <summary>Writes <c>report.md</c>, the human-readable offline report logged with the comparison run.</summary>
public static class ReportWriter
{
    public static string Markdown(ExperimentOutcome outcome, IReadOnlyList<PolicyRegistration>? registrations = null, IReadOnlyList<StageTiming>? timings = null,
        IReadOnlyDictionary<string, PackagedModel>? packages = null)
    {
        var o = outcome.Options;
        var md = new StringBuilder();
        md.AppendLine("# Offline comparison: Policy A (logistic regression), Policy B (LightGBM), Policy C (field-aware factorization machine)").AppendLine();
        md.AppendLine(Inv($"Data **{outcome.Data.Name}**: {outcome.Data.Ratings:N0} ratings, {outcome.Data.Users:N0} users, {outcome.Data.Movies:N0} movies (sha256 `{outcome.Data.Sha256[..16]}…`). "))
          .AppendLine(Inv($"Label: rating ≥ 4 = click. Features `{FeatureSpec.Version}`, pipeline `{Fingerprint.PipelineVersion}`, seed {o.Seed}, fingerprint `{outcome.Fingerprint[..16]}…`. "))
          .AppendLine($"Registered split: **{o.Split.CliName()}**.").AppendLine();
        md.AppendLine($"**Verdicts ({outcome.Registered.Split.CliName()}):**").AppendLine();
        foreach (var c in outcome.Registered.Comparisons)
        {
            md.AppendLine($"- {c.Verdict}");
        }

        md.AppendLine();

        foreach (var evaluation in outcome.Evaluations)
        {
            AppendSplit(md, evaluation, evaluation.Split == o.Split);
        }

        var cv = outcome.CrossValidation;
        md.AppendLine(Inv($"## Cross-validation: {cv.Folds} folds grouped by user ({cv.Split.CliName()} training window)")).AppendLine();
        md.AppendLine("| scorer | AUC mean ± std | per fold |").AppendLine("|---|---|---|");
        foreach (var (scorer, folds) in cv.FoldAuc)
        {
            md.AppendLine(Inv($"| {scorer} | {cv.Summary(scorer)} | {string.Join(", ", folds.Select(F))} |"));
        }

        md.AppendLine();
        if (registrations is { Count: > 0 })
        {
            md.AppendLine("## Registry").AppendLine().AppendLine("| policy | version | new | run | alias |").AppendLine("|---|---|---|---|---|");
            foreach (var r in registrations)
            {
                md.AppendLine($"| {r.Policy} | {r.Version} | {(r.New ? "yes" : "no (same fingerprint)")} | {r.RunId} | {r.AliasMessage} |");
            }

            md.AppendLine();
        }

        if (packages is { Count: > 0 })
        {
            md.AppendLine("## Packaging").AppendLine().AppendLine("| policy | ONNX flavor |").AppendLine("|---|---|");
            foreach (var (policy, package) in packages)
            {
                md.AppendLine($"| {policy} | {package.OnnxStatus.Replace("|", "/", StringComparison.Ordinal).ReplaceLineEndings(" ")} |");
            }

            md.AppendLine();
        }

        if (timings is { Count: > 0 })
        {
            md.AppendLine("## Stage timings").AppendLine().AppendLine("| stage | seconds |").AppendLine("|---|---|");
            foreach (var t in timings)
            {
                md.AppendLine(Inv($"| {t.Number}. {t.Name} | {t.Elapsed.TotalSeconds:F2} |"));
            }

            md.AppendLine();
        }

        return md.ToString();
    }

    private static void AppendSplit(StringBuilder md, SplitEvaluation e, bool registered)
    {
        md.AppendLine(Inv($"## {e.Split.CliName()}{(registered ? " (registered)" : "")}")).AppendLine();
        md.AppendLine(Inv($"{e.TrainRows:N0} training / {e.TestRows:N0} test ratings; {e.ColdStartUserShare:P1} of test rows belong to users unseen in training.")).AppendLine();
        var scorers = e.Metrics.Keys.ToArray();
        md.AppendLine("| metric | " + string.Join(" | ", scorers) + " |").AppendLine("|---|" + string.Concat(scorers.Select(_ => "---|")));
        (string Name, Func<MetricSet, double> Get)[] rows =
        [
            ("AUC", m => m.Auc), ("PR-AUC", m => m.PrAuc), ("log-loss", m => m.LogLoss), ("Brier", m => m.Brier),
            ("ECE (10 bins)", m => m.Ece), ("NDCG@10", m => m.NdcgAt10), ("precision@10", m => m.PrecisionAt10), ("top-decile lift", m => m.TopDecileLift),
        ];
        foreach (var (name, get) in rows)
        {
            md.AppendLine($"| {name} | " + string.Join(" | ", scorers.Select(s => F(get(e.Metrics[s])))) + " |");
        }

        if (e.TopLists is { } lists)
        {
            string Cell(string scorer, Func<TopListResult, string> show) => lists.TryGetValue(scorer, out var r) ? show(r) : "n/a";
            md.AppendLine("| top-10 catalogue coverage (distinct / slots) | " + string.Join(" | ", scorers.Select(s => Cell(s, r => Inv($"{F(r.Coverage)} ({r.DistinctItems:N0} / {r.Slots:N0})"))) ) + " |");
            md.AppendLine("| top-10 mean pairwise overlap | " + string.Join(" | ", scorers.Select(s => Cell(s, r => F(r.MeanOverlap)))) + " |");
            md.AppendLine("| top-10 personalisation (1 − overlap) | " + string.Join(" | ", scorers.Select(s => Cell(s, r => F(r.Personalisation)))) + " |");
            var any = lists.Values.FirstOrDefault();
            if (any is not null)
            {
                md.AppendLine().AppendLine(Inv($"Top-10 lists: the whole catalogue ({any.CatalogueSize:N0} movies) less what the user rated in training, for {any.Users} test users picked by a seeded hash (the same users for every scorer)."));
            }
        }

        md.AppendLine();
        foreach (var c in e.Comparisons)
        {
            md.AppendLine($"- {c.Verdict}");
        }

        md.AppendLine();
        md.AppendLine("### AUC by segment").AppendLine().AppendLine("| segment | rows | click rate | " + string.Join(" | ", scorers) + " |")
          .AppendLine("|---|---|---|" + string.Concat(scorers.Select(_ => "---|")));
        foreach (var s in e.Segments)
        {
            var rate = s.Rows == 0 ? "n/a" : Inv($"{(double)s.Positives / s.Rows:P1}");
            md.AppendLine(Inv($"| {s.Name} | {s.Rows:N0} | {rate} | ") + string.Join(" | ", scorers.Select(x => F(s.Auc[x]))) + " |");
        }

        md.AppendLine().AppendLine("### Lift and cumulative gain by decile").AppendLine()
          .AppendLine("| decile | " + string.Join(" | ", scorers.Select(s => $"{s} lift | {s} gain")) + " |")
          .AppendLine("|---|" + string.Concat(scorers.Select(_ => "---|---|")));
        for (var d = 0; d < 10; d++)
        {
            md.AppendLine($"| {d + 1} | " + string.Join(" | ", scorers.Select(s => $"{F(e.Metrics[s].Lift[d].Lift)} | {F(e.Metrics[s].Lift[d].CumulativeGain)}")) + " |");
        }

        md.AppendLine().AppendLine("### Reliability bins (observed click rate / mean predicted, rows)").AppendLine()
          .AppendLine("| bin | " + string.Join(" | ", scorers) + " |").AppendLine("|---|" + string.Concat(scorers.Select(_ => "---|")));
        for (var b = 0; b < 10; b++)
        {
            var bin = e.Metrics[scorers[0]].Calibration.Bins[b];
            md.AppendLine(Inv($"| [{bin.Lower:0.0}, {bin.Upper:0.0}) | ") + string.Join(" | ", scorers.Select(s =>
            {
                var x = e.Metrics[s].Calibration.Bins[b];
                return x.Count == 0 ? "–" : Inv($"{F(x.ObservedRate)} / {F(x.MeanPredicted)} ({x.Count:N0})");
            })) + " |");
        }

        md.AppendLine();
    }

    internal static string F(double value) => double.IsFinite(value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
