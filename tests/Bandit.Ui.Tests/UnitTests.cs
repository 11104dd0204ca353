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
    public void StatsHistory_PastCapacity_DropsTheOldest()
    {
        var history = new StatsHistory(3);

        for (var i = 1; i <= 5; i++)
        {
            history.Add(Sample(i, pulls: i));
        }

        Assert.Equal([3L, 4L, 5L], history.Snapshot().Select(s => s.Arms[0].Pulls));
    }

    [Fact]
    public void StatsHistory_CountersReset_StartsAfresh()
    {
        var history = new StatsHistory(10);
        history.Add(Sample(1, pulls: 40));
        history.Add(Sample(2, pulls: 50));

        history.Add(Sample(3, pulls: 0));

        Assert.Equal([0L], history.Snapshot().Select(s => s.Arms[0].Pulls));
    }

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
    public void ReportTables_TrainerKeys_LandInTheirTables()
    {
        IReadOnlyList<Metric> a = [new("auc", 0.70, 0), new("user_time.seg.cold.auc", 0.61, 0), new("baseline_auc", 0.6, 0)];
        IReadOnlyList<Metric> b = [new("auc", 0.74, 0), new("user_time.seg.cold.auc", 0.66, 0)];
        IReadOnlyList<Metric> comparison = [new("cv.policy_b.auc_mean", 0.73, 0), new("cv.policy_b.auc_std", 0.01, 0),
            new("user_time.delta_auc", 0.04, 0), new("user_time.delta_auc_lower", 0.03, 0), new("user_time.delta_auc_upper", 0.05, 0), new("stage_seconds.fit", 3, 0)];

        var tables = ReportTables.Build(a, b, comparison);

        Assert.Equal("auc", Assert.Single(tables.Headline).Key);
        var segment = Assert.Single(tables.Segments.Rows);
        Assert.Equal(("cold", "user_time"), (segment.Segment, Assert.Single(tables.Segments.Splits)));
        Assert.Equal(0.05, Assert.Single(segment.BySplit)!.Delta!.Value, 10);
        Assert.Equal(new CvRow("policy_b", 0.73, 0.01), Assert.Single(tables.Cv));
        Assert.Equal(new BootstrapRow("user_time", 0.04, 0.03, 0.05), Assert.Single(tables.Bootstrap));
        Assert.Equal("baseline_auc", Assert.Single(tables.Other).Key);
        Assert.Equal("stage_seconds.fit", Assert.Single(tables.ComparisonRest).Key);
        Assert.Equal("policy_a", ReportTables.ScorerKey("PolicyA"));
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

    private static StatsSample Sample(int second, long pulls) =>
        StatsSample.From(DateTimeOffset.UnixEpoch.AddSeconds(second), new RouterStats("e", "thompson", "1", 1000, pulls,
            [new ArmStats("PolicyA", "PolicyA", "variant-a", pulls, 0, 0, 0, new Posterior(1, 1, 0.5, 0.025, 0.975), 0.5, 1, true)]));
}
