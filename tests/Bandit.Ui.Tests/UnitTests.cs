using Bandit.Mlflow;
using Bandit.Ui.Charts;
using Bandit.Ui.Experiment;
using Bandit.Ui.Registry;
using Bandit.Ui.Routing;
using Bandit.Ui.Upstream;

namespace Bandit.Ui.Tests;

public sealed class UnitTests
{
    [Theory]
    // Wilson 95% (z = 1.96), by hand: 5/10 → centre 0.5, half = 1.96·sqrt(0.025 + 0.0096)/1.3842 = 0.2634.
    [InlineData(5, 10, 0.2366, 0.7634)]
    // 0/20 → lower 0, upper = (z²/2n)/(1 + z²/n)·2 = 0.1921/1.1921 = 0.1611.
    [InlineData(0, 20, 0.0, 0.1611)]
    // 2/2 → lower = 1/(1 + z²/2) = 0.3424, upper 1.
    [InlineData(2, 2, 0.3424, 1.0)]
    public void Wilson_KnownCounts_MatchesHandComputedInterval(double successes, long trials, double lower, double upper)
    {
        var (lo, hi) = ExperimentView.Wilson(successes, trials);

        Assert.Equal(lower, lo!.Value, 3);
        Assert.Equal(upper, hi!.Value, 3);
    }

    [Fact]
    public void Wilson_NoTrials_IsUnknown() => Assert.Equal((null, null), ExperimentView.Wilson(0, 0));

    [Fact]
    public void MetricNames_Find_PrefersExactKeyThenShortestSuffix()
    {
        IReadOnlyList<Metric> metrics = [new("user_time.auc", 0.6, 0), new("global_time.auc", 0.5, 0), new("auc_lower", 0.1, 0)];

        Assert.Equal("user_time.auc", MetricNames.Find(metrics, "auc")!.Key);
        Assert.Equal(0.9, MetricNames.Find([.. metrics, new Metric("auc", 0.9, 0)], "auc")!.Value);
        Assert.Null(MetricNames.Find(metrics, "brier"));
    }

    [Theory]
    [InlineData("auc", 0.70, 0.74, 1)]
    [InlineData("log_loss", 0.58, 0.56, 1)]
    [InlineData("user_time.ece", 0.02, 0.03, -1)]
    [InlineData("auc", 0.70, 0.70, 0)]
    public void MetricNames_Compare_KnowsWhichDirectionIsBetter(string key, double a, double b, int expected) =>
        Assert.Equal(expected, MetricNames.Compare(key, a, b));

    [Fact]
    public void ReportSplits_TrainerKeys_LandInTheirSplitsAndTables()
    {
        IReadOnlyList<Metric> a = [new("auc", 0.70, 0), new("user_time.auc", 0.70, 0), new("global_time.auc", 0.66, 0), new("user_time.seg.cold.auc", 0.61, 0), new("baseline_auc", 0.6, 0)];
        IReadOnlyList<Metric> b = [new("auc", 0.74, 0), new("user_time.auc", 0.74, 0), new("global_time.auc", 0.67, 0), new("user_time.seg.cold.auc", 0.66, 0)];
        IReadOnlyList<Metric> comparison = [new("cv.policy_b.auc_mean", 0.73, 0), new("cv.policy_b.auc_std", 0.01, 0),
            new("user_time.delta_auc", 0.04, 0), new("user_time.delta_auc_lower", 0.03, 0), new("user_time.delta_auc_upper", 0.05, 0), new("stage_seconds.fit", 3, 0)];

        var splits = ReportSplits.Build(a, b, comparison, ["plots/user-time/roc.png"], new Dictionary<string, (IReadOnlyList<string>, IReadOnlyList<SegmentFacts>)>(),
            "user-time", "PolicyA", "PolicyB");

        Assert.Equal(["user-time", "global-time"], splits.Select(s => s.Name)); // the verdict's split first
        Assert.Equal(0.04, splits[0].Headline.Single(r => r.Key == "auc").Delta!.Value, 10);
        Assert.Equal(0.01, splits[1].Headline.Single(r => r.Key == "auc").Delta!.Value, 10);
        var cold = Assert.Single(splits[0].Segments.Rows);
        Assert.Equal(("cold", 0.05, 0), (cold.Name, Math.Round(cold.Delta!.Value, 10), cold.BetterSide)); // no rows known: no winner called
        Assert.Equal(new BootstrapRow("user-time", 0.04, 0.03, 0.05), splits[0].Bootstrap);
        Assert.Null(splits[1].Bootstrap);
        Assert.Equal("plots/user-time/roc.png", splits[0].Plots.Single(p => p.FileName == "roc.png").Path);
        Assert.Null(splits[1].Plots.Single(p => p.FileName == "roc.png").Path);
        Assert.Equal(new CvRow("policy_b", 0.73, 0.01), Assert.Single(ReportTables.CrossValidation(a, b, comparison)));
        Assert.Equal("baseline_auc", Assert.Single(ReportTables.Other(a, b)).Key);
        Assert.Equal("stage_seconds.fit", Assert.Single(ReportTables.ComparisonRest(comparison)).Key);
        Assert.Equal("policy_a", ReportTables.ScorerKey("PolicyA"));
    }

    [Theory]
    // Hanley & McNeil (1982) by hand: A = 0.7, n1 = 300 clicks, n2 = 200 non-clicks; Q1 = 0.7/1.3 = 0.53846, Q2 = 0.98/1.7 = 0.57647;
    // SE² = [0.21 + 299 × 0.048462 + 199 × 0.086471] / 60000 = 31.908 / 60000 → SE = 0.02306.
    [InlineData(0.7, 500, 0.6, 0.02306)]
    // A = 0.5, n1 = n2 = 5000: Q1 = 1/3, Q2 = 1/3; SE² = [0.25 + 4999 × (1/12) × 2] / 25e6 → SE = 0.005774.
    [InlineData(0.5, 10_000, 0.5, 0.005774)]
    public void StandardError_HanleyMcNeil_MatchesHandComputedValues(double auc, int rows, double rate, double expected) =>
        Assert.Equal(expected, ReportSplits.StandardError(auc, rows, rate)!.Value, 4);

    [Fact]
    public void ReportMarkdown_SegmentTables_AreReadPerSplitWithRowsRateAndEveryScorer()
    {
        var segments = ReportMarkdown.Segments(Support.RegistrySeed.ReportMarkdown);

        Assert.Equal(["user-time", "global-time"], segments.Keys.Order(StringComparer.Ordinal).Reverse());
        var (scorers, rows) = segments["user-time"];
        Assert.Equal(["Baseline", "PolicyA", "PolicyB"], scorers);
        var noir = rows.Single(r => r.Name == "Film-Noir");
        Assert.Equal((25, 0.6, 0.5, 0.9), (noir.Rows!.Value, noir.ClickRate!.Value, noir.Auc["Baseline"]!.Value, noir.Auc["PolicyB"]!.Value));
        Assert.Equal(20_417, rows.Single(r => r.Name == "all test rows").Rows);
    }

    [Fact]
    public void HistorySeries_ShareCtrGapsAndMarkers_FromSnapshots()
    {
        var t0 = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        StatsSnapshot At(int seconds, long epoch, long pa, long ua, double ra, long pb) =>
            new(t0.AddSeconds(seconds), "3", "thompson", epoch, [new ArmSnapshot("A", "PolicyA", pa, ua, ra), new ArmSnapshot("B", "PolicyB", pb, 0, 0)]);
        var history = new RouterHistory("e", 5, t0, [
            At(0, 1, 0, 0, 0, 0),
            At(5, 1, 3, 2, 2, 1),     // 4 decisions: A 3 of 4; A's CTR 2/2; B has no reward yet
            At(10, 1, 3, 2, 2, 1),    // no decision in this interval: a gap in the share
            At(60, 1, 6, 4, 2, 2),    // after a 50 s silence (the Router was down): a new stretch
            At(65, 2, 1, 1, 1, 0),    // a reset, then one decision rewarded
        ], [new HistoryEvent(t0.AddSeconds(62), "reset", null, null, "1", "2", null, null, "admin")]);
        var arms = new[] { Arm("A", 0), Arm("B", 1) };

        var share = HistorySeries.Share(history, arms);
        var ctr = HistorySeries.Ctr(history, arms);

        Assert.Equal([0.75, null, null], share[0].Points.Select(p => p.Value)); // 4 decisions (< 20) shown once, at the silence
        Assert.Equal(t0.AddSeconds(10), share[0].Points[0].At);
        Assert.Equal(ExperimentView.Wilson(3, 4), (share[0].Points[0].Lower, share[0].Points[0].Upper));
        Assert.Equal(1.0, ctr[0].Points.First(p => p.At == t0.AddSeconds(5)).Value);
        Assert.All(ctr[1].Points, p => Assert.Null(p.Value)); // B never rewarded: nothing drawn, not 0%
        Assert.Equal(3, LineChart.Runs(ctr[0].Points).Count()); // broken by the silence and by the reset
        Assert.Equal("R", Assert.Single(HistorySeries.Markers(history)).Label);
    }

    [Theory]
    [InlineData("hash", new[] { "3", "1" }, true, null)]
    [InlineData("hash", new[] { "", "" }, true, null)]
    [InlineData("Thompson", new[] { "", "" }, true, null)]
    [InlineData("greedy", new[] { "", "" }, false, "Choose one of")]
    [InlineData("hash", new[] { "1,5", "1" }, false, "'1,5' is not a number")]
    [InlineData("hash", new[] { "1e7", "1" }, false, "'1e7' is not a number")]
    [InlineData("hash", new[] { "1", "" }, false, "Give every arm a weight")]
    [InlineData("hash", new[] { "0", "0" }, false, "At least one weight must be above 0")]
    [InlineData("hash", new[] { "1", "1", "1" }, false, "There are 2 arms")]
    public void StrategyInput_Check_CatchesWhatTheRouterWouldRefuse(string strategy, string[] weights, bool valid, string? message)
    {
        var input = StrategyInput.Check(strategy, weights, [new ConfiguredArm("A", "PolicyA", "variant-a", 0.5), new ConfiguredArm("B", "PolicyB", "variant-b", 0.5)]);

        Assert.Equal(valid, input.IsValid);
        var errors = string.Join(" ", new[] { input.StrategyError, input.WeightsError }.Concat(input.Weights.Select(w => w.Error)).OfType<string>());
        if (message is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Contains(message, errors);
        }
    }

    [Fact]
    public void StrategyInput_Shares_AreTheNormalisedWeights_ForAnyNumberOfArms()
    {
        var arms = Enumerable.Range(0, 3).Select(i => new ConfiguredArm($"Arm{i}", null, null, null)).ToList();

        var input = StrategyInput.Check("hash", ["2", "1", "1"], arms);

        Assert.Equal([0.5, 0.25, 0.25], input.Shares!);
    }

    [Fact]
    public void ServingVersions_TwoArmsOnOneVersion_IsAnAaTest_BeforeAndAfterAPromotion()
    {
        ArmServing[] arms = [new("A", "PolicyA", "1"), new("B", "PolicyB", "2"), new("C", "PolicyC", "3")];

        Assert.Empty(ServingVersions.SameVersion(arms));
        var after = ServingVersions.SameVersion(ServingVersions.After(arms, "PolicyA", "2"));

        Assert.Equal(["A", "B"], Assert.Single(after).Select(a => a.Arm));
        Assert.StartsWith("After this promotion, A and B both would serve m version 2", ServingVersions.Warning(after[0], "m", after: true));
    }

    [Fact]
    public void BetaDensityChart_TightPosteriors_ZoomsTheAxisToWhereTheMassIs()
    {
        // Beta(101, 901) and Beta(121, 881): means 0.101 and 0.121, sd ≈ 0.0095 and 0.0103; the 99.9% ranges lie in [0.06, 0.16].
        var (lo, hi) = BetaDensityChart.Range([new PosteriorCurve("A", "#000", 101, 901), new PosteriorCurve("B", "#111", 121, 881)]);

        Assert.InRange(lo, 0.05, 0.08);
        Assert.InRange(hi, 0.15, 0.18);
    }

    [Fact]
    public void BetaDensityChart_Render_EscapesArmNames()
    {
        var svg = BetaDensityChart.Render([new PosteriorCurve("<script>", "#000", 2, 3)]).Value!;

        Assert.DoesNotContain("<script>", svg);
        Assert.Contains("&lt;script&gt;", svg);
    }

    [Fact]
    public void UpstreamErrors_Refused_SaysNotAnswering()
    {
        var refused = new HttpRequestException("Connection refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));

        var described = UpstreamErrors.Describe(UpstreamErrors.Router, new Uri("http://127.0.0.1:8000/"), refused);

        Assert.Equal("The Router at http://127.0.0.1:8000 is not answering: connection refused.", described.Message);
        Assert.Null(described.StatusCode);
    }

    [Fact]
    public void UpstreamErrors_MlflowError_KeepsCodeAndMessage()
    {
        var error = new MlflowException(System.Net.HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "Registered Model with name=x not found");

        var described = UpstreamErrors.Describe(UpstreamErrors.Mlflow, new Uri("http://mlflow:5000/"), error);

        Assert.Equal("MLflow at http://mlflow:5000 answered 404 RESOURCE_DOES_NOT_EXIST: Registered Model with name=x not found", described.Message);
    }

    private static ArmRow Arm(string name, int index) =>
        new(new ArmStats(name, null, null, 0, 0, 0, 0, new Posterior(1, 1, 0.5, 0.025, 0.975), 0.5, 0.5, true), ArmColors.For(index), null, null, null);
}
