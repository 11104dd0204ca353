using System.Globalization;
using Bandit.Ui.Charts;
using Bandit.Ui.Routing;

namespace Bandit.Ui.Experiment;

/// <summary>
/// The Experiment page's lines over time, from the Router's snapshots (<c>GET /stats/history</c>):
/// <list type="bullet">
/// <item>traffic share per interval — each arm's decisions between snapshots over all decisions then (intervals joined
/// until they hold <see cref="MinDecisionsPerPoint"/> decisions), with the 95% Wilson interval of that proportion; a gap
/// where no decision was made;</item>
/// <item>CTR since the last reset — rewards over rewarded decisions, with its 95% Wilson interval; a gap while the arm
/// has no reward yet (nothing is known, so nothing is drawn at 0%).</item>
/// </list>
/// Both break where snapshots are missing for a while (the Router or its store was down) and at a reset.
/// </summary>
public static class HistorySeries
{
    /// <summary>A share point covers at least this many decisions (several snapshot intervals when traffic is light).</summary>
    public const int MinDecisionsPerPoint = 20;

    public static IReadOnlyList<TimeSeries> Share(RouterHistory history, IReadOnlyList<ArmRow> arms)
    {
        var samples = history.Samples;
        var broken = Breaks(history);
        return [.. arms.Select(arm =>
        {
            var points = new List<ChartPoint>();
            long mine = 0, total = 0;
            void Flush(DateTimeOffset at)
            {
                if (total > 0)
                {
                    var (lo, hi) = ExperimentView.Wilson(mine, total);
                    points.Add(new ChartPoint(at, (double)mine / total, lo, hi));
                }

                (mine, total) = (0, 0);
            }

            for (var i = 1; i < samples.Count; i++)
            {
                var (prev, cur) = (samples[i - 1], samples[i]);
                if (broken.Contains(i))
                {
                    Flush(prev.At);
                    points.Add(new ChartPoint(cur.At, null));
                    continue;
                }

                var all = cur.Arms.Sum(a => a.Pulls) - prev.Arms.Sum(a => a.Pulls);
                if (all <= 0 && total == 0)
                {
                    points.Add(new ChartPoint(cur.At, null)); // no decision in this interval: nothing to show
                    continue;
                }

                mine += Math.Max(0, Pulls(cur, arm.Stats.Arm) - Pulls(prev, arm.Stats.Arm));
                total += Math.Max(0, all);
                if (total >= MinDecisionsPerPoint)
                {
                    Flush(cur.At);
                }
            }

            Flush(samples.Count > 0 ? samples[^1].At : default);
            return new TimeSeries(arm.Stats.Arm, arm.Color, points);
        })];
    }

    public static IReadOnlyList<TimeSeries> Ctr(RouterHistory history, IReadOnlyList<ArmRow> arms)
    {
        var broken = Breaks(history);
        return [.. arms.Select(arm => new TimeSeries(arm.Stats.Arm, arm.Color, [.. history.Samples.SelectMany((s, i) =>
        {
            var a = s.Arms.FirstOrDefault(x => x.Arm == arm.Stats.Arm);
            var (lo, hi) = a is null ? (null, null) : ExperimentView.Wilson(a.Rewards, a.Updates);
            var point = a is { Updates: > 0 } ? new ChartPoint(s.At, Math.Clamp(a.Rewards / a.Updates, 0, 1), lo, hi) : new ChartPoint(s.At, null);

            // A break before this sample: an empty point just before it ends the previous stretch.
            return broken.Contains(i) ? [new ChartPoint(s.At.AddTicks(-1), null), point] : new[] { point };
        })]))];
    }

    /// <summary>The markers of the experiment's changes (<c>P</c> promotion, <c>S</c> new config, <c>R</c> reset).</summary>
    public static IReadOnlyList<ChartMarker> Markers(RouterHistory history) =>
        [.. history.Events.Select(e => new ChartMarker(e.At, e.Kind switch { "promotion" => "P", "strategy" => "S", "reset" => "R", _ => "?" }, Describe(e)))];

    /// <summary>"12:03:11 UTC promotion: PolicyA of movielens_ctr_ab v1 → v2 (B wins; admin)".</summary>
    public static string Describe(HistoryEvent e)
    {
        var at = e.At.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
        var what = e.Kind switch
        {
            "promotion" => $"promotion: {e.Alias} of {e.Model} v{e.From ?? "–"} → v{e.To}{(e.Strategy is null ? "" : $" (strategy {e.Strategy})")}",
            "strategy" => $"new config v{e.To} (was v{e.From}): strategy {e.Strategy}",
            "reset" => "counters reset",
            _ => e.Kind,
        };
        var why = string.Join("; ", new[] { e.Reason, e.Actor is null ? null : "by " + e.Actor }.OfType<string>());
        return $"{at} {what}{(why.Length == 0 ? "" : $" — {why}")}";
    }

    /// <summary>Indexes of samples that start a new stretch: after a reset, or after a silence much longer than the usual spacing.</summary>
    private static HashSet<int> Breaks(RouterHistory history)
    {
        var samples = history.Samples;
        var spacings = samples.Skip(1).Select((s, i) => (s.At - samples[i].At).TotalSeconds).Order().ToList();
        var usual = spacings.Count > 0 ? spacings[spacings.Count / 2] : history.IntervalSeconds;
        var limit = 3 * Math.Max(usual, history.IntervalSeconds);
        return [.. Enumerable.Range(1, Math.Max(0, samples.Count - 1))
            .Where(i => samples[i].Epoch != samples[i - 1].Epoch || (samples[i].At - samples[i - 1].At).TotalSeconds > limit)];
    }

    private static long Pulls(StatsSnapshot sample, string arm) => sample.Arms.FirstOrDefault(a => a.Arm == arm)?.Pulls ?? 0;
}
